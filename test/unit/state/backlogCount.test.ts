/** The pure part of the counted backlog: shards, the transactions that keep rows and shards together, the count. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  countFromShards,
  deletePlan,
  HEAD_ROWS,
  headShows,
  insertPlan,
  repairPlan,
  setShard,
  shardState,
  tidyPlan,
} from "../../../shared/state/backlogCount";
import { COUNTER_SHARDS, isShardKey, shardKey, shardOf } from "../../../shared/state/counterShards";
import type { StoredRow } from "../../../shared/state/PartitionRows";
import { safeKey } from "../../../shared/state/keys";

void describe("counter shards", () => {
  void it("a key always counts in the same shard, and keys spread over all of them", () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `g1.${i % 7}|id-${i}`);
    for (const k of keys) assert.equal(shardOf(k), shardOf(k));
    const used = new Set(keys.map((k) => shardOf(k)));
    assert.equal(used.size, COUNTER_SHARDS);
    for (const k of keys) assert.ok(shardOf(k) >= 0 && shardOf(k) < COUNTER_SHARDS);
  });

  void it("no key made by safeKey is a shard key, and no shard key falls in a `${origin}|` range", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (origin, id) => {
        const key = safeKey(`${origin}|${id}`);
        assert.equal(isShardKey(key), false);
        const from = `${safeKey(origin)}|`;
        const to = `${safeKey(origin)}}`;
        for (let i = 0; i < COUNTER_SHARDS; i++) assert.ok(!(shardKey(i) >= from && shardKey(i) < to));
      }),
    );
  });
});

void describe("backlog transactions", () => {
  const shard = { n: 4, etag: "E1" };

  const cases: {
    name: string;
    actions: ReturnType<typeof insertPlan>;
    want: unknown[];
  }[] = [
    {
      name: "insert into an existing shard: creates the rows, adds their number under the shard's ETag",
      actions: insertPlan(3, shard, [
        { rowKey: "a", props: { queue: "q", message: "{}" } },
        { rowKey: "b", props: { queue: "q", message: "{}" } },
      ]),
      want: [
        { kind: "create", rowKey: "a", props: { queue: "q", message: "{}" } },
        { kind: "create", rowKey: "b", props: { queue: "q", message: "{}" } },
        { kind: "replace", rowKey: shardKey(3), props: { n: 6 }, etag: "E1" },
      ],
    },
    {
      name: "insert into a shard that does not exist yet: creates it (a concurrent creator makes this fail with 409)",
      actions: insertPlan(0, undefined, [{ rowKey: "a", props: {} }]),
      want: [
        { kind: "create", rowKey: "a", props: {} },
        { kind: "create", rowKey: shardKey(0), props: { n: 1 } },
      ],
    },
    {
      name: "delete: the row (404 when gone) and -1 on a shard",
      actions: deletePlan("k", 7, shard),
      want: [
        { kind: "delete", rowKey: "k" },
        { kind: "replace", rowKey: shardKey(7), props: { n: 3 }, etag: "E1" },
      ],
    },
    {
      name: "delete counted on a shard that does not exist: it is created below zero (only the sum counts)",
      actions: deletePlan("k", 2, undefined),
      want: [
        { kind: "delete", rowKey: "k" },
        { kind: "create", rowKey: shardKey(2), props: { n: -1 } },
      ],
    },
  ];
  for (const c of cases) {
    void it(c.name, () => assert.deepEqual(c.actions, c.want));
  }

  void it("setShard and shardState write and read the same count", () => {
    assert.deepEqual(shardState({ rowKey: shardKey(1), etag: "E", props: { n: 7 } }), { n: 7, etag: "E" });
    assert.equal(shardState(undefined), undefined);
    assert.deepEqual(setShard(1, { n: 7, etag: "E" }, 0), {
      kind: "replace",
      rowKey: shardKey(1),
      props: { n: 0 },
      etag: "E",
    });
  });
});

void describe("reading the backlog count", () => {
  const shards = Array.from({ length: COUNTER_SHARDS }, (_, i) => shardKey(i));
  const cases: { name: string; keys: string[]; complete: boolean; want: "empty" | "rows" }[] = [
    { name: "an empty partition", keys: [], complete: true, want: "empty" },
    { name: "only shards (a drained cycle)", keys: shards, complete: true, want: "empty" },
    { name: "a row among the shards", keys: [...shards.slice(0, 3), "p|1"], complete: true, want: "rows" },
    { name: "every shard and a row: the head is full", keys: [...shards, "p|1"], complete: false, want: "rows" },
    { name: "a head cut short is never taken for empty", keys: shards.slice(0, 2), complete: false, want: "rows" },
  ];
  for (const c of cases) void it(c.name, () => assert.equal(headShows(c.keys, c.complete), c.want));

  void it("the head holds one row more than there are shards (so a remaining row always shows)", () => {
    assert.equal(HEAD_ROWS, COUNTER_SHARDS + 1);
  });

  const sums: { sum: number; want: { count: number } | "repair" }[] = [
    { sum: 5, want: { count: 5 } },
    { sum: 0, want: "repair" },
    { sum: -2, want: "repair" },
  ];
  for (const c of sums) {
    void it(`rows remain and the shards sum to ${c.sum}: ${JSON.stringify(c.want)}`, () =>
      assert.deepEqual(countFromShards(c.sum), c.want));
  }

  const row = (i: number, n: number): StoredRow => ({ rowKey: shardKey(i), etag: `E${i}`, props: { n } });

  void it("a repair guards every shard (replaced under its ETag, or created) and puts the scan's count on one", () => {
    const plan = repairPlan([row(0, -1), row(5, 2)], 4);
    assert.equal(plan.length, COUNTER_SHARDS);
    assert.deepEqual(plan[0], { kind: "replace", rowKey: shardKey(0), props: { n: 4 }, etag: "E0" });
    assert.deepEqual(plan[5], { kind: "replace", rowKey: shardKey(5), props: { n: 0 }, etag: "E5" });
    assert.deepEqual(plan[1], { kind: "create", rowKey: shardKey(1), props: { n: 0 } });
  });

  const tidies: { name: string; head: StoredRow[]; zeroAll: number; drop: number }[] = [
    { name: "nothing there", head: [], zeroAll: 0, drop: 0 },
    { name: "shards at zero are dropped one by one", head: [row(0, 0), row(3, 0)], zeroAll: 0, drop: 2 },
    {
      name: "shards that cancel out are zeroed together first (dropped by the next count)",
      head: [row(0, 2), row(3, -2), row(4, 0)],
      zeroAll: 3,
      drop: 0,
    },
  ];
  for (const c of tidies) {
    void it(`tidying an empty partition: ${c.name}`, () => {
      const plan = tidyPlan(c.head);
      assert.equal(plan.zeroAll?.length ?? 0, c.zeroAll);
      assert.equal(plan.drop.length, c.drop);
      for (const a of plan.zeroAll ?? []) assert.equal(a.kind, "replace");
    });
  }
});
