import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { changeEventProperties, REASON_MAX_LENGTH } from "../../../shared/telemetry/changeEventProperties";
import { failureRecord, NEVER_SENT, successRecord } from "./fixtures/changeRecords";

const TOKEN = "xoxp-1234-5678-abcdef";

void describe("changeEventProperties", () => {
  void test("carries ids, outcome and modified property names, never their values", () => {
    const { properties, measurements } = changeEventProperties(successRecord());
    assert.deepEqual(properties, {
      jobId: "slack",
      cycleId: "cycle-1",
      changeId: "change-1",
      objectType: "User",
      objectId: "11111111-2222-3333-4444-555555555555",
      identity: "alice@contoso.example",
      slackId: "U0ALICE",
      action: "Update",
      status: "Success",
      reason: "Updated 2 attributes in Slack.",
      modifiedProperties: "displayName,title",
    });
    assert.deepEqual(measurements, { durationMs: 42 });
  });

  void test("keeps the error code, drops the error message and step details, redacts tokens in the reason", () => {
    const { properties } = changeEventProperties(failureRecord(TOKEN));
    assert.equal(properties.errorCode, "Slack:email_taken");
    assert.equal(properties.slackId, undefined);
    const text = JSON.stringify(properties);
    assert.ok(!text.includes(TOKEN));
    assert.match(properties.reason ?? "", /\[redacted\]/);
    for (const value of Object.values(NEVER_SENT)) assert.ok(!text.includes(value), value);
  });

  void test("truncates long reasons", () => {
    const record = { ...successRecord(), reason: "x".repeat(REASON_MAX_LENGTH * 3) };
    const reason = changeEventProperties(record).properties.reason ?? "";
    assert.equal(reason.length, REASON_MAX_LENGTH);
    assert.ok(reason.endsWith("…"));
  });
});
