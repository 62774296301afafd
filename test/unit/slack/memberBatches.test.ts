import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GROUP_MEMBER_BATCH, memberBatches } from "../../../shared/slack/SlackGroup";

void describe("memberBatches", () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `U${i}`);
  const table: [string, number, number[]][] = [
    ["empty list: no batch", 0, []],
    ["one", 1, [1]],
    ["exactly 5,000", 5000, [5000]],
    ["5,001 → 5,000 + 1", 5001, [5000, 1]],
    ["12,345 → 5,000 + 5,000 + 2,345", 12345, [5000, 5000, 2345]],
  ];
  for (const [name, n, sizes] of table) {
    void it(name, () => {
      const batches = memberBatches(ids(n));
      assert.deepEqual(
        batches.map((b) => b.length),
        sizes,
      );
      assert.deepEqual(batches.flat(), ids(n));
    });
  }
  void it("drops duplicates, keeps order, honours a custom size and rejects a bad one", () => {
    assert.equal(GROUP_MEMBER_BATCH, 5000);
    assert.deepEqual(memberBatches(["a", "b", "a", "c"], 2), [["a", "b"], ["c"]]);
    assert.throws(() => memberBatches(["a"], 0), RangeError);
  });
});
