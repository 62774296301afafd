import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { inKeyRange, keyRanges, MAX_KEY_RANGES, rowKeyRangeFilter } from "../../../shared/state/keyRanges";

void describe("keyRanges", () => {
  void it("makes one open range, or ranges open at both ends with ASCII boundaries", () => {
    assert.deepEqual(keyRanges(1), [{}]);
    assert.deepEqual(keyRanges(0), [{}]);
    assert.deepEqual(keyRanges(4), [
      { to: "4000" },
      { from: "4000", to: "8000" },
      { from: "8000", to: "c000" },
      { from: "c000" },
    ]);
    assert.equal(keyRanges(1_000_000).length, MAX_KEY_RANGES);
  });

  void it("puts every key in exactly one range, whatever its shape", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.string({ unit: "binary" }), (count, key) => {
        const hits = keyRanges(count).filter((r) => inKeyRange(key, r)).length;
        assert.equal(hits, 1);
      }),
    );
  });

  void it("splits GUIDs about evenly", () => {
    const ranges = keyRanges(5);
    const counts = ranges.map(() => 0);
    for (let i = 0; i < 10_000; i++) {
      const id = randomUUID();
      const at = ranges.findIndex((r) => inKeyRange(id, r));
      counts[at] = (counts[at] ?? 0) + 1;
    }
    for (const c of counts) assert.ok(c > 1_700 && c < 2_300, `range sizes ${counts.join(", ")}`);
  });

  void it("says the same range as an OData RowKey filter", () => {
    assert.equal(rowKeyRangeFilter(undefined), "");
    assert.equal(rowKeyRangeFilter({}), "");
    assert.equal(rowKeyRangeFilter({ from: "4000", to: "8000" }), " and RowKey ge '4000' and RowKey lt '8000'");
    assert.equal(rowKeyRangeFilter({ to: "4000" }), " and RowKey lt '4000'");
  });
});
