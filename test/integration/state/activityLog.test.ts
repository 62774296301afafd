import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ActivityLog } from "../../../shared/state/ActivityLog";
import type { ActivityRecord } from "../../../shared/state/ActivityRecord";
import { azuriteTables } from "../../support/azuriteTables";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

const record = (objectId: string, at: Date, over: Partial<ActivityRecord> = {}): ActivityRecord => ({
  jobId: "j1",
  cycleId: "c1",
  changeId: `${objectId}-${at.getTime()}`,
  at: at.toISOString(),
  objectType: "User",
  objectId,
  identity: `${objectId}@contoso.example`,
  action: "Update",
  status: "Success",
  reason: "Updated title in Slack.",
  steps: [],
  modifiedProperties: [{ name: "title", oldValue: "A", newValue: "B" }],
  ...over,
});

void describe("ActivityLog against Azurite", () => {
  let log: ActivityLog;
  const now = new Date();
  const day = 86_400_000;
  before(async () => {
    const { connectionString } = await azurite.ready();
    log = new ActivityLog(azuriteTables(connectionString));
    await log.append(record("u1", new Date(now.getTime() - 40 * day)));
    await log.append(record("u1", new Date(now.getTime() - 2 * day), { status: "Failure", errorCode: "x" }));
    await log.append(record("u1", new Date(now.getTime() - 1000)));
    await log.append(record("u2", new Date(now.getTime() - 2000), { cycleId: "c2" }));
  });

  void it("queries by object, newest first", async () => {
    const r = await log.byObject("j1", "u1");
    assert.equal(r.length, 3);
    assert.ok((r[0]?.at ?? "") > (r[1]?.at ?? "") && (r[1]?.at ?? "") > (r[2]?.at ?? ""));
  });

  void it("queries by time window, status and cycle", async () => {
    const lastDay = await log.byTime("j1");
    assert.deepEqual(lastDay.map((x) => x.objectId).sort(), ["u1", "u2"]);
    const threeDays = await log.byTime("j1", { from: new Date(now.getTime() - 3 * day), status: "Failure" });
    assert.equal(threeDays.length, 1);
    const c2 = await log.byTime("j1", { cycleId: "c2" });
    assert.deepEqual(
      c2.map((x) => x.objectId),
      ["u2"],
    );
  });

  void it("scans a window newest first across days, as byTime answers it", async () => {
    const window = { from: new Date(now.getTime() - 3 * day), to: new Date(now.getTime() + 1000) };
    const scanned: string[] = [];
    for await (const r of log.scan("j1", window)) scanned.push(r.changeId);
    assert.equal(scanned.length, 3);
    assert.deepEqual(
      scanned,
      (await log.byTime("j1", window)).map((r) => r.changeId),
    );
    const first: string[] = [];
    for await (const r of log.scan("j1", window)) {
      first.push(r.changeId);
      break;
    }
    assert.deepEqual(first, scanned.slice(0, 1));
  });

  void it("stores a record far beyond Table Storage's 64 KiB string (a large group's), fitted to it", async () => {
    const at = new Date(now.getTime() - 500);
    const members = Array.from({ length: 3000 }, (_, i) => `member.${i}@contoso.example`);
    const big = record("g1", at, {
      objectType: "Group",
      action: "Create",
      membersAdded: members,
      requests: [
        { method: "POST", path: "/Groups", status: 201, request: "x".repeat(4000), response: "y".repeat(4000) },
      ],
    });
    assert.ok(JSON.stringify(big).length > 32_768);
    await log.append(big);
    const [stored] = await log.byObject("j1", "g1");
    assert.equal(stored?.changeId, big.changeId);
    assert.equal(stored?.membersAdded?.length, 51);
    assert.equal(stored?.membersAdded?.at(-1), "… and 2950 more");
  });

  void it("purges records older than the retention period from both indexes", async () => {
    const removed = await log.purge(new Date(now.getTime() - 30 * day));
    assert.equal(removed, 2);
    assert.equal((await log.byObject("j1", "u1")).length, 2);
    const old = await log.byTime("j1", {
      from: new Date(now.getTime() - 41 * day),
      to: new Date(now.getTime() - 39 * day),
    });
    assert.equal(old.length, 0);
  });
});
