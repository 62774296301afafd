import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ConfigurationError,
  CredentialError,
  SlackAuthorizationError,
  SlackRejectedError,
  ThrottledError,
  TransientError,
} from "../../../shared/errors";
import { DryRunBudgetExceeded } from "../../../shared/dryRun/DryRunBudgetExceeded";
import { DryRunBusyError } from "../../../shared/dryRun/DryRunBusyError";
import { errorResponse, httpStatusOf } from "../../../shared/hosting/httpErrors";
import { MappingFileError } from "../../../shared/mapping/config/MappingFileError";

const cases: [string, unknown, number][] = [
  ["a bad candidate mapping", new MappingFileError("(request body)", ["users: required"]), 400],
  ["a bad configuration", new ConfigurationError("SLACK_TOKEN is missing."), 500],
  ["refused Graph credentials", new CredentialError("graph", "bad secret"), 502],
  ["refused Slack credentials", new CredentialError("slack", "bad token"), 502],
  ["a Slack rejection", new SlackRejectedError("email_taken", "email_taken", 409), 500],
  ["throttling", new ThrottledError("slack", 1_000), 500],
  ["a transient failure", new TransientError("SlackUnavailable", "503"), 500],
  [
    "a candidate mapping over the dry-run budget",
    new DryRunBudgetExceeded({ what: "the dry run", candidate: true, resource: "time", limit: 10_000 }),
    422,
  ],
  [
    "the mapping in force over the dry-run budget",
    new DryRunBudgetExceeded({ what: "the dry run", candidate: false, resource: "time", limit: 10_000 }),
    500,
  ],
  ["every dry-run worker busy", new DryRunBusyError(2), 503],
  ["Authorize with a used state", new SlackAuthorizationError("OAuthStateUsed", "used"), 400],
  ["Authorize refused by Slack for a bad secret", new SlackAuthorizationError("SlackOAuthRefused", "secret", 502), 502],
  ["an unknown error", new Error("boom"), 500],
  ["a non-Error throw", 42, 500],
];

for (const [name, error, status] of cases) {
  void test(`httpStatusOf: ${name} → ${status}`, () => {
    assert.equal(httpStatusOf(error), status);
    const res = errorResponse(error);
    assert.equal(res.status, status);
    const body = res.jsonBody as { error: { code: string; message: string } };
    assert.equal(typeof body.error.code, "string");
    assert.equal(body.error.message, error instanceof Error ? error.message : String(error));
  });
}

void test("httpStatusOf: a MappingFileError is recognised by type, not by its name", () => {
  const impostor = new ConfigurationError("not a mapping file");
  impostor.name = "MappingFileError";
  assert.equal(httpStatusOf(impostor), 500);
});

void test("errorResponse: a 503 for busy dry-run workers says when to retry; other answers carry no Retry-After", () => {
  assert.equal(new Headers(errorResponse(new DryRunBusyError(2)).headers).get("retry-after"), "5");
  assert.equal(new Headers(errorResponse(new ThrottledError("slack", 1_000)).headers).get("retry-after"), null);
});

void test("DryRunBudgetExceeded names the budget and the setting, or the heap limit", () => {
  const time = new DryRunBudgetExceeded({
    what: "the dry run over 3 user(s)",
    candidate: true,
    resource: "time",
    limit: 250,
  });
  assert.match(
    time.message,
    /^The dry run over 3 user\(s\) with the candidate mapping did not finish within its budget of 250 ms \(DRY_RUN_BUDGET_MS\)/,
  );
  assert.equal(time.retryable, false);
  const memory = new DryRunBudgetExceeded({
    what: "the preview of user u1",
    candidate: false,
    resource: "memory",
    limit: 512,
  });
  assert.match(memory.message, /^The preview of user u1 with the mapping in force needed more than 512 MB of memory/);
});
