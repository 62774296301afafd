import assert from "node:assert/strict";
import { test } from "node:test";
import { CREDENTIAL_RETRY_MS, retryDelay, MAX_TRANSIENT_ATTEMPTS } from "../../../shared/engine/retryDelay";
import {
  CredentialError,
  LeaseBusyError,
  SlackRejectedError,
  ThrottledError,
  TransientError,
} from "../../../shared/errors";

test("retryDelay: throttling honours Retry-After and is never given up", () => {
  assert.equal(retryDelay(new ThrottledError("slack", 7_000), 1), 7_000);
  assert.equal(retryDelay(new ThrottledError("slack", 7_000), 10_000), 7_000);
  assert.equal(retryDelay(new LeaseBusyError("x", 5_000), 500), 5_000);
});

test("retryDelay: transient errors back off exponentially, capped, then give up", () => {
  const e = new TransientError("SlackUnavailable", "503");
  const delays = [1, 2, 3, 4].map((a) => retryDelay(e, a));
  assert.deepEqual(delays, [2_000, 4_000, 8_000, 16_000]);
  assert.equal(retryDelay(e, 25), 600_000);
  assert.equal(retryDelay(e, MAX_TRANSIENT_ATTEMPTS + 1), undefined);
});

test("retryDelay: a permanent error is not re-queued (it is rethrown to the host's poison path)", () => {
  assert.equal(retryDelay(new SlackRejectedError("username_taken", "username_taken", 409), 1), undefined);
});

void test("retryDelay: refused credentials wait and retry, never given up (fixing the settings resumes the work)", () => {
  assert.equal(retryDelay(new CredentialError("slack", "bad token"), 1), CREDENTIAL_RETRY_MS);
  assert.equal(retryDelay(new CredentialError("graph", "bad secret"), 1000), CREDENTIAL_RETRY_MS);
});
