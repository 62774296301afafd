/** The pure part of the cycle tally: how one record changes it, and that the order of arrival does not matter. */
import assert from "node:assert/strict";
import { activityRecord } from "../../support/memory/activityRecord";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { ActivityRecord } from "../../../shared/state/ActivityRecord";
import type { LatestRecord, TallyShard } from "../../../shared/state/cycleTally";
import {
  emptyShard,
  foldTally,
  isRejection,
  planTally,
  rejectedKey,
  sumShards,
  tallyOf,
} from "../../../shared/state/cycleTally";

const record = activityRecord;

const failed = (over: Partial<ActivityRecord> = {}) =>
  record({ action: "Create", status: "Failure", errorCode: "email_taken", errorMessage: "taken", ...over });

void describe("isRejection", () => {
  const cases: [Partial<ActivityRecord>, boolean][] = [
    [{ status: "Success" }, false],
    [{ status: "Failure" }, true],
    [{ status: "Skipped" }, false],
    [{ status: "Skipped", errorCode: "RemovalHeld" }, true],
    [{ status: "Warning", errorCode: "RegexBudget" }, false],
  ];
  for (const [over, want] of cases) {
    void it(`${JSON.stringify(over)} → ${want}`, () => assert.equal(isRejection(record(over)), want));
  }
});

void describe("planTally: one record", () => {
  const latestFailed: LatestRecord = {
    at: "2025-01-15T10:00:00.000Z",
    changeId: "ch-0",
    rejectedKey: rejectedKey(record()),
  };
  const shardWithOne: TallyShard = { ...emptyShard(), rejected: 1, lastAt: "2025-01-15T10:00:00.000Z" };
  const cases: {
    name: string;
    record: ActivityRecord;
    latest?: LatestRecord;
    shard?: TallyShard;
    want: { users?: number; groups?: number; rejected: number; put?: boolean; del?: boolean; latest: boolean };
  }[] = [
    {
      name: "a first success: counted, the object's latest, not rejected",
      record: record(),
      want: { users: 1, rejected: 0, latest: true },
    },
    {
      name: "a first failure: counted, rejected row written",
      record: failed(),
      want: { users: 1, rejected: 1, put: true, latest: true },
    },
    {
      name: "a success after a failure: the rejected row goes, the rejected count drops",
      record: record(),
      latest: latestFailed,
      shard: shardWithOne,
      want: { users: 1, rejected: 0, del: true, latest: true },
    },
    {
      name: "a failure after a failure: the rejected row is rewritten in place (same key), the count stays",
      record: failed({ errorCode: "long_username" }),
      latest: latestFailed,
      shard: shardWithOne,
      want: { users: 1, rejected: 1, put: true, latest: true },
    },
    {
      name: "a failure under a new name: the row moves (old key deleted, new one written), the count stays",
      record: failed({ identity: "ann.new@contoso.example" }),
      latest: latestFailed,
      shard: shardWithOne,
      want: { users: 1, rejected: 1, put: true, del: true, latest: true },
    },
    {
      name: "an older record arriving late: counted, but the newer latest decides rejection",
      record: record({ at: "2025-01-15T09:59:59.000Z" }),
      latest: latestFailed,
      shard: shardWithOne,
      want: { users: 1, rejected: 1, latest: false },
    },
    {
      name: "a held removal (Skipped with an error code) of a group: counted for groups, rejected",
      record: record({
        objectType: "Group",
        objectId: "g1",
        action: "Delete",
        status: "Skipped",
        errorCode: "RemovalHeld",
      }),
      want: { groups: 1, rejected: 1, put: true, latest: true },
    },
    {
      name: "a job record: only the last time moves",
      record: record({ objectType: "Job", objectId: "j", status: "Failure", errorCode: "X" }),
      want: { rejected: 0, latest: false },
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const plan = planTally(c.record, c.latest, c.shard);
      assert.equal(plan.shard.users.total - (c.shard?.users.total ?? 0), c.want.users ?? 0);
      assert.equal(plan.shard.groups.total - (c.shard?.groups.total ?? 0), c.want.groups ?? 0);
      assert.equal(plan.shard.rejected, c.want.rejected);
      assert.equal(plan.putRejected !== undefined, c.want.put ?? false, "rejected row written");
      assert.equal(plan.deleteRejected !== undefined, c.want.del ?? false, "rejected row deleted");
      assert.equal(plan.latest !== undefined, c.want.latest, "latest replaced");
      const before = c.shard?.lastAt ?? "";
      assert.equal(plan.shard.lastAt, c.record.at > before ? c.record.at : before);
    });
  }

  void it("counts by action and status as the old status did (per record)", () => {
    const plan = planTally(record({ action: "Update", status: "Success" }), undefined, undefined);
    assert.deepEqual(plan.shard.users, { byAction: { Update: 1 }, byStatus: { Success: 1 }, total: 1 });
    const entry = planTally(failed(), undefined, undefined).putRejected?.entry;
    assert.deepEqual(entry, {
      objectType: "User",
      objectId: "u1",
      identity: "ann@contoso.example",
      errorCode: "email_taken",
      reason: "taken",
    });
  });
});

void describe("shards add up", () => {
  void it("sums counts, rejected, and keeps the latest time", () => {
    const a = planTally(record({ changeId: "1" }), undefined, undefined).shard;
    const b = planTally(
      failed({ changeId: "2", objectId: "u2", at: "2025-01-15T11:00:00.000Z" }),
      undefined,
      undefined,
    ).shard;
    const sum = sumShards([a, b, emptyShard()]);
    assert.deepEqual(sum.users, {
      byAction: { Create: 2 },
      byStatus: { Success: 1, Failure: 1 },
      total: 2,
    });
    assert.equal(sum.rejected, 1);
    assert.equal(sum.lastAt, "2025-01-15T11:00:00.000Z");
    assert.equal(tallyOf([], []).rejectedTotal, 0);
  });
});

/** Random records of a few objects, at a few times (ties), each with its own change id. */
const records = fc
  .array(
    fc.record({
      objectType: fc.constantFrom("User" as const, "Group" as const, "Job" as const),
      object: fc.integer({ min: 0, max: 5 }),
      second: fc.integer({ min: 0, max: 4 }),
      outcome: fc.constantFrom("ok", "failed", "held", "skipped"),
      name: fc.constantFrom("Ann", "bob", "Cid", undefined),
    }),
    { maxLength: 40 },
  )
  .map((xs) =>
    xs.map((x, i) =>
      record({
        objectType: x.objectType,
        objectId: x.objectType === "Job" ? "j" : `o${x.object}`,
        changeId: `ch-${String(i).padStart(3, "0")}`,
        at: `2025-01-15T10:00:0${x.second}.000Z`,
        ...(x.name ? { identity: `${x.name}${x.object}@contoso.example` } : { identity: undefined }),
        ...(x.outcome === "ok"
          ? { status: "Success" as const }
          : x.outcome === "failed"
            ? { status: "Failure" as const, errorCode: "E" }
            : x.outcome === "held"
              ? { status: "Skipped" as const, errorCode: "RemovalHeld" }
              : { status: "Skipped" as const, action: "Skip" as const }),
      }),
    ),
  );

void describe("foldTally", () => {
  void it("does not depend on the order records arrive in, nor on one arriving twice", () => {
    const permuted = records.chain((rs) =>
      fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length })),
    );
    fc.assert(
      fc.property(permuted, ([rs, shuffled]) => {
        assert.deepEqual(foldTally([...shuffled, ...rs.slice(0, 3)], 100), foldTally(rs, 100));
      }),
    );
  });

  void it("rejects exactly the objects whose newest record (by time, then change id) is a rejection", () => {
    fc.assert(
      fc.property(records, (rs) => {
        const newest = new Map<string, ActivityRecord>();
        for (const r of rs) {
          if (r.objectType === "Job") continue;
          const key = `${r.objectType}_${r.objectId}`;
          const seen = newest.get(key);
          if (!seen || r.at > seen.at || (r.at === seen.at && r.changeId > seen.changeId)) newest.set(key, r);
        }
        const want = [...newest.values()].filter(isRejection).map((r) => `${r.objectType}_${r.objectId}`);
        const tally = foldTally(rs, 100);
        assert.deepEqual(tally.rejected.map((e) => `${e.objectType}_${e.objectId}`).sort(), want.sort());
        assert.equal(tally.rejectedTotal, want.length);
        const objects = rs.filter((r) => r.objectType !== "Job");
        assert.equal(tally.counts.total + tally.groupCounts.total, objects.length);
      }),
    );
  });

  void it("lists at most the limit, the first by identity, and still counts them all", () => {
    const rs = ["dan", "Ann", "cid", "Bob"].map((n, i) =>
      failed({ objectId: `u${i}`, changeId: `c${i}`, identity: `${n}@contoso.example` }),
    );
    const tally = foldTally(rs, 2);
    assert.deepEqual(
      tally.rejected.map((e) => e.identity),
      ["Ann@contoso.example", "Bob@contoso.example"],
    );
    assert.equal(tally.rejectedTotal, 4);
  });
});
