import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import type { AppRoleAssignment } from "../../../shared/graph/AppRoleAssignment";
import { computeScopeChange } from "../../../shared/scope/computeScopeChange";
import type { ScopeEntry } from "../../../shared/state/ScopeRepository";

const assignment = (
  principalId: string,
  principalType: AppRoleAssignment["principalType"] = "User",
): AppRoleAssignment => ({
  id: `a-${principalId}`,
  appRoleId: "00000000-0000-0000-0000-000000000000",
  principalId,
  principalType,
  resourceId: "sp",
});
const entry = (principalId: string): ScopeEntry => ({
  principalId,
  principalType: "User",
  appRoleId: "00000000-0000-0000-0000-000000000000",
});

test("computeScopeChange: added and removed principals", () => {
  const prev = new Map([
    ["a", entry("a")],
    ["b", entry("b")],
  ]);
  const c = computeScopeChange(prev, [assignment("b"), assignment("c")]);
  assert.deepEqual(
    c.added.map((e) => e.principalId),
    ["c"],
  );
  assert.deepEqual(
    c.removed.map((e) => e.principalId),
    ["a"],
  );
  assert.equal(c.suspiciousEmpty, false);
});

test("computeScopeChange: an empty read when assignments were stored is suspicious (no mass deactivation)", () => {
  const c = computeScopeChange(new Map([["a", entry("a")]]), []);
  assert.equal(c.suspiciousEmpty, true);
});

test("computeScopeChange: service principals are not in scope; duplicates collapse", () => {
  const c = computeScopeChange(new Map(), [assignment("x", "ServicePrincipal"), assignment("u"), assignment("u")]);
  assert.deepEqual([...c.next.keys()], ["u"]);
});

test("computeScopeChange: property — next = assignments, added ∪ (prev − removed) = next", () => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: 30 })),
      fc.array(fc.integer({ min: 0, max: 30 })),
      (prevIds, nowIds) => {
        const prev = new Map(prevIds.map((i) => [String(i), entry(String(i))]));
        const c = computeScopeChange(
          prev,
          nowIds.map((i) => assignment(String(i))),
        );
        const expected = new Set(nowIds.map(String));
        assert.deepEqual(new Set(c.next.keys()), expected);
        const rebuilt = new Set([
          ...prevIds.map(String).filter((id) => !c.removed.some((r) => r.principalId === id)),
          ...c.added.map((a) => a.principalId),
        ]);
        assert.deepEqual(rebuilt, expected);
      },
    ),
  );
});
