/**
 * The deletion guard on the in-memory engine: a cycle's removals are staged, counted by its gate once everything else is
 * applied, and released (at most the limits) or all held for an operator, who approves or rejects them.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { approveHeld, rejectHeld } from "../../../shared/engine/heldRemovals";
import { RemovalGate } from "../../../shared/engine/RemovalGate";
import { QUEUES } from "../../../shared/queue/messages";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import type { InMemoryEngine, InMemoryEngineOptions } from "../../support/memory/createInMemoryEngine";
import { createInMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { drainInMemory } from "../../support/memory/drainInMemory";
import { entraUser } from "../../support/memory/entraUser";
import { directTenant, runCycleInMemory } from "../../support/memory/scriptedTenant";

const people = (n: number): GraphUser[] =>
  Array.from({ length: n }, (_, i) => entraUser(`user.${String(i).padStart(2, "0")}`));

/** Keeps only the first `keep` of the tenant's direct assignments (the others are removed in Entra). */
function unassignAllBut(e: InMemoryEngine, keep: number): void {
  e.graph.assignments = e.graph.assignments.slice(0, keep);
}

/** Stages one removal of cycle-1 directly in the store (as a run would). */
const stage = (e: InMemoryEngine, objectType: "User" | "Group", objectId: string) =>
  e.ctx.removals.stage(e.ctx.jobId, {
    objectType,
    objectId,
    evidence: "the object is no longer assigned to the Slack application",
    state: "staged",
    cycleId: "cycle-1",
    stagedAt: e.clock.now().toISOString(),
  });

const activeInSlack = (e: InMemoryEngine) => e.slack.directory.allUsers().filter((u) => u.active).length;

async function provisioned(n: number, options: InMemoryEngineOptions = {}): Promise<InMemoryEngine> {
  const e = directTenant(people(n), options);
  const first = await runCycleInMemory(e);
  assert.equal(first.converged, true);
  assert.equal(activeInSlack(e), n);
  return e;
}

void describe("deletion guard (in memory)", () => {
  void it("removals at most the limit are released at the cycle's end and applied in the same cycle", async () => {
    const e = await provisioned(30);
    unassignAllBut(e, 10); // 20 leave: exactly DEACTIVATION_THRESHOLD

    const report = await runCycleInMemory(e);

    assert.equal(report.converged, true);
    assert.equal(activeInSlack(e), 10);
    assert.equal(report.counts.byAction.Disable, 20);
    assert.equal(report.removals.staged, 0);
    assert.equal(report.removals.held, undefined);
  });

  void it("removals above the limit are all held: nobody is deactivated, each has a record, the job warns", async () => {
    const e = await provisioned(30);
    unassignAllBut(e, 9); // 21 leave

    const report = await runCycleInMemory(e);

    assert.equal(report.converged, true, "a held set does not stop the cycle from converging");
    assert.equal(activeInSlack(e), 30, "nobody was deactivated");
    assert.equal(report.removals.held?.users, 21);
    assert.equal(report.removals.held?.groups, 0);
    assert.equal(report.removals.held?.entries.length, 20, "the status lists the first 20");
    assert.equal(report.removals.held?.more, true);
    assert.match(
      report.removals.held?.reason ?? "",
      /21 Slack user deactivations, more than the deletion guard allows/,
    );
    const left = e.graph.assignments.length === 9 ? people(30).slice(9) : [];
    const held = [];
    for (const u of left) {
      held.push(...(await e.ctx.activity.byObject(e.ctx.jobId, u.id)).filter((r) => r.errorCode === "RemovalHeld"));
    }
    assert.equal(held.length, 21, "one record per held removal");
    assert.match(held[0]?.reason ?? "", /^Would be deactivated in Slack because the user is no longer assigned/);
    const warnings = (await e.ctx.activity.byObject(e.ctx.jobId, e.ctx.jobId)).filter(
      (r) => r.errorCode === "RemovalsHeld",
    );
    assert.equal(warnings.length, 1, "one job Warning (the alert counts it)");

    // A later cycle with no change keeps them held (and does not re-decide them).
    const later = await runCycleInMemory(e);
    assert.equal(later.removals.held?.users, 21);
    assert.equal(activeInSlack(e), 30);
  });

  void it("approve applies every held removal", async () => {
    const e = await provisioned(30);
    unassignAllBut(e, 5);
    await runCycleInMemory(e);

    const decision = await approveHeld(e.ctx, { by: "A test" });
    assert.deepEqual(decision, { users: 25, groups: 0, remaining: { users: 0, groups: 0 } });
    await drainInMemory(e);

    assert.equal(activeInSlack(e), 5);
    assert.equal((await e.ctx.jobs.get(e.ctx.jobId)).held, undefined);
  });

  void it("reject keeps everyone, and the next cycle evaluates them again (held again while the cause remains)", async () => {
    const e = await provisioned(30);
    unassignAllBut(e, 5);
    await runCycleInMemory(e);

    const decision = await rejectHeld(e.ctx, { by: "A test" });
    assert.equal(decision.users, 25);
    assert.equal((await e.ctx.jobs.get(e.ctx.jobId)).held, undefined);

    const next = await runCycleInMemory(e);
    assert.equal(activeInSlack(e), 30, "rejected: nobody was deactivated");
    assert.equal(next.removals.held?.users, 25, "evaluated again and held again");
  });

  void it("approving a user who came back in scope meanwhile keeps that user", async () => {
    const e = await provisioned(30);
    const all = e.graph.assignments;
    unassignAllBut(e, 5);
    await runCycleInMemory(e);
    e.graph.assignments = [...all.slice(0, 5), all[29] as (typeof all)[number]]; // user.29 is assigned again
    const back = await runCycleInMemory(e);
    assert.equal(back.removals.held?.users, 24, "the restored user left the held set by itself");

    await approveHeld(e.ctx, { by: "A test" });
    await drainInMemory(e);

    assert.equal(activeInSlack(e), 6);
  });

  void it("the relative limit: more than DEACTIVATION_THRESHOLD_PERCENT of the managed users is held", async () => {
    const e = await provisioned(30, { removalGuard: { deactivationThresholdPercent: 10 } });
    unassignAllBut(e, 26); // 4 of 30 managed: more than 10 % (3)
    const held = await runCycleInMemory(e);
    assert.equal(held.removals.held?.users, 4);
    assert.match(held.removals.held?.reason ?? "", /DEACTIVATION_THRESHOLD_PERCENT 10 % of 30 managed users/);

    const e2 = await provisioned(30, { removalGuard: { deactivationThresholdPercent: 10 } });
    unassignAllBut(e2, 27); // 3 of 30: released
    const released = await runCycleInMemory(e2);
    assert.equal(released.removals.held, undefined);
    assert.equal(activeInSlack(e2), 27);
  });

  void it("Slack group deletions: more than GROUP_DELETE_THRESHOLD are held, at most it are released", async () => {
    for (const [groups, want] of [
      [3, "held"],
      [2, "released"],
    ] as const) {
      const e = createInMemoryEngine();
      for (let i = 0; i < groups; i++) await stage(e, "Group", `g${i}`);
      const result = await new RemovalGate(e.ctx).run("cycle-1");
      const queued = e.queue.take(QUEUES.provisionGroups).map((m) => m.message as { removal?: string });
      if (want === "held") {
        assert.deepEqual(result.held, { users: 0, groups: 3 });
        assert.equal(queued.length, 0);
        assert.equal((await e.ctx.jobs.get(e.ctx.jobId)).held?.groups, 3);
      } else {
        assert.deepEqual(result.released, { users: 0, groups: 2 });
        assert.deepEqual(
          queued.map((m) => m.removal),
          ["released", "released"],
        );
      }
    }
  });

  void it("the gate's verdict is fixed per cycle: run again after a crash, it finishes the same decision", async () => {
    const e = createInMemoryEngine();
    for (let i = 0; i < 25; i++) await stage(e, "User", `u${i}`);
    await new RemovalGate(e.ctx).run("cycle-1");
    // As if the gate crashed after its verdict and some rows stayed staged: only 3 are left staged now.
    for (let i = 0; i < 3; i++) await stage(e, "User", `u${100 + i}`);
    const again = await new RemovalGate(e.ctx).run("cycle-1");
    assert.deepEqual(
      again.held,
      { users: 3, groups: 0 },
      "held, as the cycle decided, not released as 3 alone would be",
    );
  });
});
