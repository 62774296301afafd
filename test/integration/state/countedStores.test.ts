/**
 * The counted stores against Azurite: the entity-group transactions they rely on (all or nothing, ETag conditions,
 * 404/409/412), the backlog's count through duplicates, concurrency and rows written before the counter, the removal
 * counts, and the activity log's cycle tally and its purge.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { TableClient } from "@azure/data-tables";
import { ActivityLog } from "../../../shared/state/ActivityLog";
import type { ActivityRecord } from "../../../shared/state/ActivityRecord";
import { shardKey } from "../../../shared/state/counterShards";
import { foldTally } from "../../../shared/state/cycleTally";
import { tallyPartitionKey } from "../../../shared/state/CycleTallyLedger";
import type { HeldRemoval } from "../../../shared/state/HeldRemoval";
import { PendingWorkRepository } from "../../../shared/state/PendingWorkRepository";
import { RemovalRepository } from "../../../shared/state/RemovalRepository";
import { isConflict, isNotFound, isPreconditionFailed } from "../../../shared/state/tableErrors";
import { TablePartitionRows } from "../../../shared/state/TablePartitionRows";
import type { TableProvider } from "../../../shared/state/TableProvider";
import { TABLES } from "../../../shared/state/tableNames";
import { azuriteTables } from "../../support/azuriteTables";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

async function rowsOf(client: TableClient, partitionKey: string): Promise<string[]> {
  const out: string[] = [];
  const filter = `PartitionKey eq '${partitionKey}'`;
  for await (const e of client.listEntities({ queryOptions: { filter, select: ["RowKey"] } })) out.push(e.rowKey ?? "");
  return out;
}

void describe("counted stores against Azurite", () => {
  let tables: TableProvider;
  before(async () => {
    tables = azuriteTables((await azurite.ready()).connectionString);
  });

  void describe("entity-group transactions (what the counters rely on)", () => {
    void it("apply all actions or none, and fail with 412, 409 or 404 on the first broken condition", async () => {
      const p = new TablePartitionRows(await tables.table(TABLES.pendingWork), "egt");
      await p.transact([
        { kind: "create", rowKey: "a", props: { v: 1 } },
        { kind: "create", rowKey: shardKey(0), props: { n: 1 } },
      ]);
      const shard = await p.get(shardKey(0));
      assert.ok(shard);
      assert.equal(shard.props.n, 1);

      // A stale ETag on the shard: the row beside it is not written either.
      await p.transact([{ kind: "replace", rowKey: shardKey(0), props: { n: 5 }, etag: shard.etag }]);
      await assert.rejects(
        p.transact([
          { kind: "create", rowKey: "b", props: {} },
          { kind: "replace", rowKey: shardKey(0), props: { n: 2 }, etag: shard.etag },
        ]),
        (e) => isPreconditionFailed(e),
      );
      assert.equal(await p.get("b"), undefined);

      // Creating a row that exists: 409, nothing applied.
      const now = await p.get(shardKey(0));
      assert.ok(now);
      await assert.rejects(
        p.transact([
          { kind: "create", rowKey: "a", props: {} },
          { kind: "replace", rowKey: shardKey(0), props: { n: 9 }, etag: now.etag },
        ]),
        (e) => isConflict(e),
      );
      assert.equal((await p.get(shardKey(0)))?.props.n, 5);

      // Deleting a row that is gone: 404, nothing applied.
      await assert.rejects(
        p.transact([
          { kind: "delete", rowKey: "zz" },
          { kind: "replace", rowKey: shardKey(0), props: { n: 4 }, etag: now.etag },
        ]),
        (e) => isNotFound(e),
      );
      assert.equal((await p.get(shardKey(0)))?.props.n, 5);

      assert.equal(await p.deleteIf(shardKey(0), shard.etag), false, "a stale ETag keeps the row");
      assert.equal(await p.deleteIf(shardKey(0), now.etag), true);
      const head = await p.head(17);
      assert.deepEqual(
        head.rows.map((r) => r.rowKey),
        ["a"],
      );
      assert.equal(head.complete, true);
    });
  });

  void describe("PendingWorkRepository", () => {
    const m = (key: string) => ({ key, queue: "provision-users", message: { key } });

    void it("counts through duplicate adds and removes, concurrent removes, and leaves nothing once drained", async () => {
      const pending = new PendingWorkRepository(tables);
      const c = "cycle-count";
      const keys = Array.from({ length: 250 }, (_, i) => `page-${i % 4}|id-${i}`);
      await pending.add(c, keys.map(m));
      assert.equal(await pending.count(c), 250);
      await pending.add(c, keys.slice(0, 30).map(m)); // a step re-delivered
      assert.equal(await pending.count(c), 250);
      assert.equal((await pending.byOrigin(c, "page-1")).length, 63);

      // Every message settled twice, concurrently (the same message delivered to two workers).
      await Promise.all(keys.slice(0, 200).flatMap((k) => [pending.remove(c, k), pending.remove(c, k)]));
      assert.equal(await pending.count(c), 50);
      await Promise.all(keys.slice(200).map((k) => pending.remove(c, k)));
      assert.equal(await pending.count(c), 0);
      assert.equal(await pending.count(c), 0); // the shards that cancel out are zeroed by one count, dropped by the next
      assert.deepEqual(await rowsOf(await tables.table(TABLES.pendingWork), c), []);
    });

    void it("counts rows written before the counter instead of answering 0", async () => {
      const pending = new PendingWorkRepository(tables);
      const c = "cycle-legacy";
      const client = await tables.table(TABLES.pendingWork);
      for (const k of ["scope|a", "scope|b"]) {
        await client.createEntity({ partitionKey: c, rowKey: k, queue: "provision-users", message: "{}" });
      }
      assert.equal(await pending.count(c), 2);
      await pending.add(c, [m("page|c")]);
      await pending.remove(c, "scope|a");
      assert.equal(await pending.count(c), 2);
      await pending.remove(c, "scope|b");
      await pending.remove(c, "page|c");
      assert.equal(await pending.count(c), 0);
    });
  });

  void describe("RemovalRepository", () => {
    const removal = (objectId: string, over: Partial<HeldRemoval> = {}): HeldRemoval => ({
      objectType: "User",
      objectId,
      evidence: "unassigned",
      state: "staged",
      cycleId: "c1",
      stagedAt: "2025-01-15T10:00:00.000Z",
      ...over,
    });

    void it("keeps counts by kind and state with the rows, concurrent writers included", async () => {
      const removals = new RemovalRepository(tables);
      const j = "job-removals";
      await Promise.all(Array.from({ length: 40 }, (_, i) => removals.stage(j, removal(`u${i}`))));
      await removals.stage(j, removal("g1", { objectType: "Group" }));
      let c = await removals.counts(j);
      assert.deepEqual([c.User.staged, c.Group.staged], [40, 1]);
      const { entries } = await removals.list(j, { state: "staged", objectType: "User" }, 100);
      await removals.put(
        j,
        entries.slice(0, 25).map((r) => ({ ...r, state: "held" as const })),
      );
      await Promise.all(entries.slice(25).map((r) => removals.remove(j, "User", r.objectId, "staged")));
      c = await removals.counts(j);
      assert.deepEqual([c.User.staged, c.User.held, c.Group.staged], [0, 25, 1]);
      assert.equal((await removals.list(j, { state: "held", objectType: "User" }, 100)).entries.length, 25);
    });

    void it("counts rows written before the counter", async () => {
      const removals = new RemovalRepository(tables);
      const j = "job-removals-legacy";
      const client = await tables.table(TABLES.removals);
      const old = removal("old", { state: "held" });
      await client.createEntity({ partitionKey: j, rowKey: "User_old", state: "held", json: JSON.stringify(old) });
      assert.equal((await removals.counts(j)).User.held, 1);
      await removals.remove(j, "User", "old");
      assert.equal((await removals.counts(j)).User.held, 0);
    });
  });

  void describe("ActivityLog's cycle tally", () => {
    const record = (i: number, over: Partial<ActivityRecord> = {}): ActivityRecord => ({
      jobId: "job-tally",
      cycleId: "c1",
      changeId: `ch-${i}`,
      at: new Date(Date.now() - 60_000 + i).toISOString(),
      objectType: "User",
      objectId: `u${i % 7}`,
      identity: `user${i % 7}@contoso.example`,
      action: i % 3 === 0 ? "Update" : "Create",
      status: i % 5 === 0 ? "Failure" : "Success",
      reason: "…",
      steps: [],
      modifiedProperties: [],
      ...(i % 5 === 0 ? { errorCode: "E", errorMessage: "bad" } : {}),
      ...over,
    });

    void it("holds the tally of the records appended, concurrently and twice", async () => {
      const log = new ActivityLog(tables);
      const rs = Array.from({ length: 60 }, (_, i) => record(i));
      rs.push(record(60, { objectType: "Group", objectId: "g1", identity: "Sales" }));
      rs.push(record(61, { objectType: "Job", objectId: "job-tally", status: "Warning" }));
      await Promise.all(rs.map((r) => log.append(r)));
      await Promise.all(rs.slice(0, 10).map((r) => log.append(r))); // the same records again
      assert.deepEqual(await log.cycleTally("job-tally", "c1", 100), foldTally(rs, 100));
      const few = await log.cycleTally("job-tally", "c1", 1);
      assert.equal(few.rejected.length, 1);
      assert.equal(few.rejectedTotal, foldTally(rs, 100).rejectedTotal);
      assert.equal((await log.cycleTally("job-tally", "other", 10)).counts.total, 0);
    });

    void it("is purged with the records of its time", async () => {
      const log = new ActivityLog(tables);
      const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
      const r = record(1, { jobId: "job-old", cycleId: "c-old", at: old });
      await log.append(r);
      const client = await tables.table(TABLES.cycleTally);
      assert.ok((await rowsOf(client, tallyPartitionKey("job-old", "c-old"))).length > 0);
      const removed = await log.purge(new Date(Date.now() - 30 * 86_400_000));
      assert.ok(removed >= 2, `${removed}`);
      assert.deepEqual(await rowsOf(client, tallyPartitionKey("job-old", "c-old")), []);
    });
  });
});
