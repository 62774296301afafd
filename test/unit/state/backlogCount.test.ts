/** The pure part of the counted backlog: shards, the transactions that keep rows and shards together, the count. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  bucketCounts,
  byShard,
  countFromShards,
  deletePlan,
  HEAD_ROWS,
  headShows,
  insertPlan,
  shardAction,
  shardState,
} from "../../../shared/state/backlogCount";
import { COUNTER_SHARDS, isShardKey, shardKey, shardOf } from "../../../shared/state/counterShards";
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
      name: "delete: the row (404 when gone) and -1 on its own shard",
      actions: deletePlan("k", shard),
      want: [
        { kind: "delete", rowKey: "k" },
        { kind: "replace", rowKey: shardKey(shardOf("k")), props: { n: 3 }, etag: "E1" },
      ],
    },
    {
      name: "delete of a row no shard counted (written before the counter): the shard goes below zero",
      actions: deletePlan("k", undefined),
      want: [
        { kind: "delete", rowKey: "k" },
        { kind: "create", rowKey: shardKey(shardOf("k")), props: { n: -1 } },
      ],
    },
  ];
  for (const c of cases) {
    void it(c.name, () => assert.deepEqual(c.actions, c.want));
  }

  void it("shardAction and shardState read and write the same count", () => {
    assert.deepEqual(shardState({ rowKey: shardKey(1), etag: "E", props: { n: 7 } }), { n: 7, etag: "E" });
    assert.equal(shardState(undefined), undefined);
    assert.deepEqual(shardAction(1, { n: 7, etag: "E" }, -7), {
      kind: "replace",
      rowKey: shardKey(1),
      props: { n: 0 },
      etag: "E",
    });
  });

  void it("byShard groups rows by the shard their key hashes to", () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ rowKey: `o|${i}` }));
    const groups = byShard(rows);
    assert.equal([...groups.values()].flat().length, 100);
    for (const [i, g] of groups) for (const r of g) assert.equal(shardOf(r.rowKey), i);
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

  void it("bucketCounts counts rows (not shards) per shard", () => {
    const keys = [shardKey(0), "a|1", "a|2", "b|3", shardKey(5)];
    const buckets = bucketCounts(keys);
    assert.equal(
      buckets.reduce((s, n) => s + n, 0),
      3,
    );
    for (const k of ["a|1", "a|2", "b|3"]) assert.ok((buckets[shardOf(k)] ?? 0) >= 1);
  });
});
