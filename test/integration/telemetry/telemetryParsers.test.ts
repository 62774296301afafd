import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parseAuthenticationString } from "../../../shared/telemetry/authenticationString";
import { redactSecrets } from "../../../shared/telemetry/redactSecrets";
import { parseTraceParent } from "../../../shared/telemetry/traceParent";

void describe("parseTraceParent", () => {
  void test("accepts a W3C traceparent", () => {
    assert.deepEqual(parseTraceParent("00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01"), {
      traceId: "0af7651916cd43dd8448eb211c80319c",
      spanId: "b7ad6b7169203331",
      flags: "01",
    });
  });
  void test("rejects missing, malformed, all-zero and version ff", () => {
    for (const bad of [
      undefined,
      null,
      "",
      "00-abc-def-01",
      "00-00000000000000000000000000000000-b7ad6b7169203331-01",
      "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",
      "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    ]) {
      assert.equal(parseTraceParent(bad), undefined, String(bad));
    }
  });
});

void describe("parseAuthenticationString", () => {
  void test("reads the managed identity client id for Entra auth", () => {
    assert.deepEqual(parseAuthenticationString("ClientId=abc-123;Authorization=AAD"), { clientId: "abc-123" });
    assert.deepEqual(parseAuthenticationString("Authorization=AAD"), {});
  });
  void test("is undefined when unset or not AAD", () => {
    assert.equal(parseAuthenticationString(undefined), undefined);
    assert.equal(parseAuthenticationString(""), undefined);
    assert.equal(parseAuthenticationString("Authorization=Key;ClientId=x"), undefined);
  });
});

void describe("redactSecrets", () => {
  void test("removes Slack tokens, bearer tokens, JWTs and secret assignments", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijk";
    const text = `a xoxb-1-2-3 b Bearer abc.def c ${jwt} d client_secret=s3cr3t&x=1`;
    const out = redactSecrets(text);
    for (const secret of ["xoxb-1-2-3", "abc.def", jwt, "s3cr3t"]) assert.ok(!out.includes(secret), secret);
    assert.ok(out.includes("x=1"));
  });
  void test("leaves ordinary text alone", () => {
    assert.equal(
      redactSecrets("Slack rejected the request: email_taken (HTTP 409)."),
      "Slack rejected the request: email_taken (HTTP 409).",
    );
  });
});
