import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { percentile } from "../../../bench/latency/percentile";
import { summarizeLatencies } from "../../../bench/latency/summarizeLatencies";

void describe("percentile (nearest rank)", () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const twenty = Array.from({ length: 20 }, (_, i) => (i + 1) * 100);
  const cases: { name: string; sorted: number[]; p: number; want: number | undefined }[] = [
    { name: "no values", sorted: [], p: 50, want: undefined },
    { name: "one value is every percentile", sorted: [7], p: 95, want: 7 },
    { name: "p0 is the smallest", sorted: ten, p: 0, want: 1 },
    { name: "p50 of ten: the fifth", sorted: ten, p: 50, want: 5 },
    { name: "p95 of ten: the tenth", sorted: ten, p: 95, want: 10 },
    { name: "p100 is the largest", sorted: ten, p: 100, want: 10 },
    { name: "p95 of twenty: the nineteenth", sorted: twenty, p: 95, want: 1900 },
    { name: "p50 of two: the first", sorted: [3, 9], p: 50, want: 3 },
  ];
  for (const c of cases) void it(c.name, () => assert.equal(percentile(c.sorted, c.p), c.want));

  void it("refuses a percentile outside 0–100", () => {
    assert.throws(() => percentile(ten, 101), RangeError);
    assert.throws(() => percentile(ten, Number.NaN), RangeError);
  });
});

void describe("summarizeLatencies", () => {
  void it("sorts before it ranks, and counts every latency", () => {
    assert.deepEqual(summarizeLatencies([900, 100, 500, 300, 700]), { count: 5, p50: 500, p95: 900, max: 900 });
  });
  void it("one latency", () => {
    assert.deepEqual(summarizeLatencies([1234]), { count: 1, p50: 1234, p95: 1234, max: 1234 });
  });
  void it("none: nothing to summarize", () => {
    assert.equal(summarizeLatencies([]), undefined);
  });
  void it("sixty latencies of 1..60 s: p50 30 s, p95 57 s, max 60 s", () => {
    const s = summarizeLatencies(Array.from({ length: 60 }, (_, i) => (60 - i) * 1000));
    assert.deepEqual(s, { count: 60, p50: 30_000, p95: 57_000, max: 60_000 });
  });
});
