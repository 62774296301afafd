import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ConfigurationError,
  CredentialError,
  SlackRejectedError,
  ThrottledError,
  TransientError,
} from "../../../shared/errors";
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
