/** The on-demand decision before any lease is taken, and the scope it says it used: pure, table-driven. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { OnDemandDecisionInput } from "../../../shared/engine/onDemand/decideOnDemand";
import { decideOnDemand } from "../../../shared/engine/onDemand/decideOnDemand";
import { scopeAsOf } from "../../../shared/engine/onDemand/scopeAsOf";
import { initialJobState } from "../../../shared/state/JobState";
import type { JobState } from "../../../shared/state/JobState";

void describe("decideOnDemand", () => {
  const why = "the user is no longer assigned to the Slack application";
  const cases: { name: string; input: OnDemandDecisionInput; kind: string; release?: boolean; reason?: RegExp }[] = [
    {
      name: "wanted: run (no removal to release)",
      input: { wanted: true, linked: false, asked: true },
      kind: "run",
      release: false,
    },
    {
      name: "wanted and linked: run",
      input: { wanted: true, linked: true, asked: false },
      kind: "run",
      release: false,
    },
    {
      name: "wanted again while its removal is held: run (the run clears the held row)",
      input: { wanted: true, linked: true, removal: { state: "held" }, asked: true },
      kind: "run",
      release: false,
    },
    {
      name: "not wanted, never provisioned: nothing to do, nothing written",
      input: { wanted: false, why, linked: false, asked: true },
      kind: "nothingToDo",
      reason: /^Not provisioned: the user is no longer assigned .* Nothing was written\.$/,
    },
    {
      name: "not wanted, linked, asked by name: removed now (the operator's decision)",
      input: { wanted: false, why, linked: true, asked: true },
      kind: "run",
      release: true,
    },
    {
      name: "not wanted, linked, staged for the cycle's gate: removed now all the same",
      input: { wanted: false, why, linked: true, removal: { state: "staged" }, asked: true },
      kind: "run",
      release: true,
    },
    {
      name: "not wanted, linked, removal held by the deletion guard: never applied on demand",
      input: {
        wanted: false,
        why,
        linked: true,
        removal: { state: "held", heldAt: "2025-01-15T10:00:00Z" },
        asked: true,
      },
      kind: "held",
      reason: /deletion guard holds this removal .* since 2025-01-15T10:00:00Z\. .*POST \/api\/held\/approve/,
    },
    {
      name: "not wanted, linked, a group's member: left to the cycle's deletion guard",
      input: { wanted: false, why, linked: true, asked: false },
      kind: "leftToCycle",
      reason: /deletion guard's decision in the next cycle/,
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const d = decideOnDemand(c.input);
      assert.equal(d.kind, c.kind);
      if (d.kind === "run") assert.equal(d.releaseRemoval, c.release);
      else if (c.reason) assert.match(d.reason, c.reason);
    });
  }
});

void describe("scopeAsOf", () => {
  const base = initialJobState("job-1");
  const state = (s: Partial<JobState>): JobState => ({ ...base, ...s });
  void it("before any cycle: nothing is in scope yet", () => {
    assert.match(scopeAsOf(base), /No cycle has read the assignments yet/);
  });
  void it("once the current cycle's groups round is committed: that cycle's scope", () => {
    const s = state({
      cycleId: "c2",
      cycleStartedAt: "T2",
      cyclePhase: "reading",
      groups: { ...base.groups, phase: "done" },
      lastCommittedCycleId: "c1",
    });
    assert.match(scopeAsOf(s), /^Scope as of cycle c2 \(started T2\); .* counts from the next cycle/);
  });
  void it("while the current cycle still reads its groups: the previous cycle's scope", () => {
    const s = state({
      cycleId: "c2",
      cyclePhase: "reading",
      groups: { ...base.groups, phase: "reading" },
      lastCommittedCycleId: "c1",
      lastCommittedAt: "T1",
    });
    assert.match(scopeAsOf(s), /^Scope as of cycle c1 \(read by T1\)/);
  });
});
