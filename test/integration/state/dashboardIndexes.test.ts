/**
 * The dashboard's indexes on Table Storage (Azurite): the attention list follows the records of an object across
 * cycles, the people search finds by prefix (accents and keys Table Storage escapes included) within its bound, and
 * the cycle history reads newest first.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ActivityLog } from "../../../shared/state/ActivityLog";
import type { ActivityRecord } from "../../../shared/state/ActivityRecord";
import { activityRecord } from "../../support/memory/activityRecord";
import { azuriteTables } from "../../support/azuriteTables";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

/** A user's record of job "dash", cycle "c1" by default. */
const record = (objectId: string, at: string, over: Partial<ActivityRecord> = {}): ActivityRecord =>
  activityRecord({
    jobId: "dash",
    cycleId: "c1",
    changeId: `${objectId}-${at}`,
    at,
    objectId,
    identity: `${objectId}@contoso.example`,
    ...over,
  });

void describe("dashboard indexes against Azurite", () => {
  let log: ActivityLog;
  before(async () => {
    const { connectionString } = await azurite.ready();
    log = new ActivityLog(azuriteTables(connectionString));
  });

  void it("an object stays on the attention list across cycles until it succeeds", async () => {
    const fix = "Not sent to Slack: emails: fill in mail in Entra ID.";
    await log.append(
      record("noMail", "2026-01-01T10:00:00.000Z", { status: "Failure", errorCode: "email_empty", reason: fix }),
    );
    await log.append(record("other", "2026-01-01T11:00:00.000Z", { cycleId: "c2" }));
    assert.deepEqual(
      (await log.attention("dash", 10)).entries.map((e) => [e.objectId, e.kind, e.errorCode, e.reason]),
      [["noMail", "failed", "email_empty", fix]],
    );
    assert.equal((await log.attentionOf("dash", "User", "noMail"))?.cycleId, "c1");
    await log.append(record("noMail", "2026-01-01T12:00:00.000Z", { cycleId: "c3" }));
    assert.deepEqual((await log.attention("dash", 10)).entries, []);
  });

  void it("finds people by a prefix of their UPN or display name, with accents and escaped characters", async () => {
    await log.append(
      record("ada", "2026-01-01T10:00:00.000Z", {
        identity: "ada.nakamura@contoso.example",
        modifiedProperties: [{ name: "displayName", oldValue: null, newValue: "Ada Nakamura" }],
      }),
    );
    await log.append(
      record("adrian", "2026-01-01T10:00:00.000Z", {
        identity: "adrian@contoso.example",
        modifiedProperties: [{ name: "displayName", oldValue: null, newValue: "Adrián 50%/Sales" }],
      }),
    );
    assert.deepEqual(
      (await log.searchPeople("dash", "ada", 10)).map((h) => h.objectId),
      ["ada"],
    );
    assert.deepEqual(
      (await log.searchPeople("dash", "NAKA", 10)).map((h) => h.objectId),
      ["ada"],
    );
    assert.deepEqual(
      (await log.searchPeople("dash", "adrián 50%/", 10)).map((h) => h.objectId),
      ["adrian"],
    );
    assert.deepEqual((await log.searchPeople("dash", "ad", 1)).length, 1);
  });

  void it("a later record that carries no display name, from another process, leaves the rows' display name", async () => {
    await log.append(
      record("bo", "2026-01-01T10:00:00.000Z", {
        identity: "bo.lindqvist@contoso.example",
        modifiedProperties: [{ name: "displayName", oldValue: null, newValue: "Bo Lindqvist" }],
      }),
    );
    // Another process (or this one, having forgotten it) writes the UPN's rows again for a manager change.
    const { connectionString } = await azurite.ready();
    await new ActivityLog(azuriteTables(connectionString)).append(
      record("bo", "2026-01-01T11:00:00.000Z", {
        identity: "bo.lindqvist@contoso.example",
        modifiedProperties: [{ name: "manager", oldValue: null, newValue: "mgr" }],
      }),
    );
    assert.deepEqual(
      (await log.searchPeople("dash", "bo.lind", 10)).map((h) => [h.objectId, h.identity, h.displayName]),
      [["bo", "bo.lindqvist@contoso.example", "Bo Lindqvist"]],
    );
  });

  void it("keeps one summary per cycle, newest first", async () => {
    const summary = (cycleId: string, startedAt: string) => ({
      jobId: "dash",
      cycleId,
      full: false,
      startedAt,
      finishedAt: startedAt,
      durationSeconds: 1,
      objectsRead: 1,
      counts: { byAction: {}, byStatus: {}, total: 0 },
      groupCounts: { byAction: {}, byStatus: {}, total: 0 },
      rejectedTotal: 0,
    });
    await log.recordCycle(summary("c1", "2026-01-01T10:00:00.000Z"));
    await log.recordCycle(summary("c2", "2026-01-01T11:00:00.000Z"));
    await log.recordCycle(summary("c2", "2026-01-01T11:00:00.000Z"));
    assert.deepEqual(
      (await log.cycles("dash", 10)).map((c) => c.cycleId),
      ["c2", "c1"],
    );
  });
});
