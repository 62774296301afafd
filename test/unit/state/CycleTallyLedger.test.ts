/**
 * The cycle tally ledger over an in-memory table with Table Storage's transaction semantics: records counted one by one
 * (concurrently, some twice, with crashes and lost answers retried) add up to the tally of the records at once.
 */
import assert from "node:assert/strict";
import { activityRecord } from "../../support/memory/activityRecord";
import { untilDone } from "../../support/memory/untilDone";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { ActivityRecord } from "../../../shared/state/ActivityRecord";
import { COUNTED_MEMORY, foldTally } from "../../../shared/state/cycleTally";
import { SHARD_PREFIX } from "../../../shared/state/counterShards";
import { CycleTallyLedger, tallyPartitionKey } from "../../../shared/state/CycleTallyLedger";
import { newestFirstKey } from "../../../shared/state/keys";
import { InMemoryRowTable } from "../../support/memory/InMemoryRowTable";

const record = activityRecord;
const keyOf = (r: ActivityRecord) => `${newestFirstKey(new Date(r.at))}_${r.changeId}`;

void describe("CycleTallyLedger", () => {
  void it("counts records, follows each object's latest record, and reads back in two queries", async () => {
    const calls: string[] = [];
    const t = new InMemoryRowTable({ before: (c) => Promise.resolve(void calls.push(c)) });
    const ledger = new CycleTallyLedger(t.source);
    const rs = [
      record({ changeId: "a", status: "Failure", errorCode: "email_taken", errorMessage: "taken" }),
      record({ changeId: "b", objectId: "u2", identity: "bob@contoso.example", action: "Update" }),
      record({ changeId: "c", objectType: "Group", objectId: "g1", action: "Create" }),
      record({ changeId: "d", objectType: "Job", objectId: "j", status: "Warning", at: "2025-01-15T10:05:00.000Z" }),
    ];
    for (const r of rs) await ledger.count(r, keyOf(r));
    await ledger.count(rs[0] as ActivityRecord, keyOf(rs[0] as ActivityRecord)); // the same record again
    calls.length = 0;
    const tally = await ledger.read("j", "c", 10);
    assert.equal(calls.length, 2);
    assert.deepEqual(tally, foldTally(rs, 10));
    assert.equal(tally.counts.total, 2);
    assert.equal(tally.rejectedTotal, 1);
    assert.equal(tally.lastAt, "2025-01-15T10:05:00.000Z");

    // The user succeeds later in the cycle: no longer rejected.
    const ok = record({ changeId: "e", at: "2025-01-15T10:06:00.000Z" });
    await ledger.count(ok, keyOf(ok));
    const after = await ledger.read("j", "c", 10);
    assert.deepEqual(after.rejected, []);
    assert.equal(after.rejectedTotal, 0);
    assert.equal(after.counts.total, 3);
  });

  void it("keeps each cycle apart, and an unknown cycle reads empty", async () => {
    const t = new InMemoryRowTable();
    const ledger = new CycleTallyLedger(t.source);
    const r = record({ cycleId: "c2" });
    await ledger.count(r, keyOf(r));
    assert.equal((await ledger.read("j", "c2", 5)).counts.total, 1);
    assert.equal((await ledger.read("j", "c", 5)).counts.total, 0);
    assert.ok(t.rows(tallyPartitionKey("j", "c2")).length > 0);
  });

  void it("keeps one row per object however many of its records are counted, and still counts each once", async () => {
    const t = new InMemoryRowTable();
    const ledger = new CycleTallyLedger(t.source);
    const rs = Array.from({ length: COUNTED_MEMORY + 5 }, (_, i) =>
      record({ changeId: `x${String(i).padStart(3, "0")}`, action: i === 0 ? "Create" : "Update" }),
    );
    for (const r of rs) await ledger.count(r, keyOf(r));
    // Each of the newest COUNTED_MEMORY records counted again: nothing changes.
    for (const r of rs.slice(-COUNTED_MEMORY)) await ledger.count(r, keyOf(r));
    assert.deepEqual(await ledger.read("j", "c", 10), foldTally(rs, 10));
    const keys = t.rows(tallyPartitionKey("j", "c")).map((row) => row.rowKey);
    assert.equal(keys.filter((k) => !k.startsWith(SHARD_PREFIX)).length, 1, keys.join(", "));
  });

  const records = fc
    .array(
      fc.record({
        objectType: fc.constantFrom("User" as const, "Group" as const, "Job" as const),
        object: fc.integer({ min: 0, max: 4 }),
        second: fc.integer({ min: 0, max: 3 }),
        outcome: fc.constantFrom("ok", "failed", "held"),
        renamed: fc.boolean(),
        twice: fc.boolean(),
      }),
      { maxLength: 20 },
    )
    .map((xs) =>
      xs.map((x, i) => ({
        twice: x.twice,
        record: record({
          objectType: x.objectType,
          objectId: x.objectType === "Job" ? "j" : `o${x.object}`,
          identity: `${x.renamed ? "new" : "old"}${x.object}@contoso.example`,
          changeId: `ch-${String(i).padStart(2, "0")}`,
          at: `2025-01-15T10:00:0${x.second}.000Z`,
          ...(x.outcome === "ok"
            ? {}
            : x.outcome === "failed"
              ? { status: "Failure" as const, errorCode: "E", errorMessage: "bad" }
              : { status: "Skipped" as const, action: "Disable" as const, errorCode: "RemovalHeld" }),
        }),
      })),
    );

  void it("counted concurrently, twice, through crashes and lost answers: the tally of the records at once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        records,
        fc.array(fc.record({ at: fc.nat(200), kind: fc.constantFrom("before" as const, "after" as const) }), {
          maxLength: 20,
        }),
        async (s, rs, faultList) => {
          let calls = 0;
          const faults = new Map(faultList.map((f) => [f.at, f.kind]));
          const t = new InMemoryRowTable({
            before: (call) => s.schedule(Promise.resolve(call), call).then(() => undefined),
            fault: () => faults.get(calls++),
          });
          // Two processes, each with its own shard cache.
          const ledgers = [new CycleTallyLedger(t.source), new CycleTallyLedger(t.source)] as const;
          const ledger = ledgers[0];
          const runs = rs.flatMap(({ record: r, twice }, i) =>
            Array.from({ length: twice ? 2 : 1 }, (_, k) =>
              untilDone(() => ledgers[(i + k) % 2]?.count(r, keyOf(r)) ?? Promise.resolve()),
            ),
          );
          await s.waitFor(Promise.all(runs));
          faults.clear();
          const got = await s.waitFor(ledger.read("j", "c", 100));
          assert.deepEqual(
            got,
            foldTally(
              rs.map((x) => x.record),
              100,
            ),
          );
        },
      ),
      { numRuns: 200, includeErrorInReport: true },
    );
  });
});
