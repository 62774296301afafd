/** The pure part of the removal counts: what a row's change of state does to them. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HeldRemovalState } from "../../../shared/state/HeldRemoval";
import {
  addCounts,
  countRows,
  countsDelta,
  hasNegative,
  parseCounts,
  sameCounts,
  zeroCounts,
} from "../../../shared/state/removalCounts";

void describe("countsDelta", () => {
  const cases: [
    HeldRemovalState | undefined,
    HeldRemovalState | undefined,
    Partial<Record<HeldRemovalState, number>>,
  ][] = [
    [undefined, "staged", { staged: 1 }],
    ["staged", "staged", {}],
    ["staged", "held", { staged: -1, held: 1 }],
    ["held", "held", {}],
    ["held", "rejected", { held: -1, rejected: 1 }],
    ["rejected", "staged", { rejected: -1, staged: 1 }],
    ["held", undefined, { held: -1 }],
    [undefined, undefined, {}],
  ];
  for (const [before, after, want] of cases) {
    void it(`${before ?? "no row"} → ${after ?? "no row"}`, () => {
      const delta = countsDelta("User", before, after);
      if (Object.keys(want).length === 0) return assert.equal(delta, undefined);
      const expected = zeroCounts();
      Object.assign(expected.User, want);
      assert.ok(delta && sameCounts(delta, expected), JSON.stringify(delta));
    });
  }

  void it("applying the deltas of a row's life gives the count of its last state", () => {
    const life: (HeldRemovalState | undefined)[] = [undefined, "staged", "held", "rejected", "staged", undefined];
    let counts = zeroCounts();
    for (let i = 1; i < life.length; i++)
      counts = addCounts(counts, countsDelta("Group", life[i - 1], life[i]) ?? zeroCounts());
    assert.ok(sameCounts(counts, zeroCounts()));
  });
});

void describe("counting rows, reading shards", () => {
  void it("countRows counts by kind and state", () => {
    const c = countRows([
      { objectType: "User", state: "staged" },
      { objectType: "User", state: "staged" },
      { objectType: "Group", state: "held" },
    ]);
    assert.equal(c.User.staged, 2);
    assert.equal(c.Group.held, 1);
    assert.equal(hasNegative(c), false);
  });

  void it("parseCounts tolerates missing fields and nothing at all; hasNegative finds a count below zero", () => {
    assert.ok(sameCounts(parseCounts(undefined), zeroCounts()));
    const c = parseCounts(JSON.stringify({ User: { held: -1 } }));
    assert.equal(c.User.held, -1);
    assert.equal(c.User.staged, 0);
    assert.equal(hasNegative(c), true);
  });
});
