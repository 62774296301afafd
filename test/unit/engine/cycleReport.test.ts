/**
 * The cycle report from the counters (on the in-memory adapters, whose tally is the fold of the cycle's records): the
 * counts and the rejected list of a whole cycle, the list capped with its total, the staged removals.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cycleReport, REJECTED_SHOWN } from "../../../shared/engine/CycleStatus";
import { entraUser } from "../../support/memory/entraUser";
import { directTenant, runCycleInMemory } from "../../support/memory/scriptedTenant";

void describe("cycleReport", () => {
  void it("lists the first rejected users by identity and counts them all", async () => {
    const valid = Array.from({ length: 5 }, (_, i) => entraUser(`valid.user${i}`));
    const invalid = Array.from({ length: REJECTED_SHOWN + 30 }, (_, i) =>
      entraUser(`nomail.user${String(i).padStart(3, "0")}`, { mail: null }),
    );
    const e = directTenant([...invalid, ...valid]);
    const report = await runCycleInMemory(e);

    assert.equal(report.converged, true);
    assert.equal(report.backlog, 0);
    assert.equal(report.counts.total, invalid.length + valid.length);
    assert.equal(report.counts.byStatus.Failure, invalid.length);
    assert.equal(report.counts.byAction.Create, invalid.length + valid.length);
    assert.equal(report.rejected.length, REJECTED_SHOWN);
    assert.equal(report.rejectedTotal, invalid.length);
    assert.deepEqual(
      report.rejected.map((r) => r.identity),
      invalid.slice(0, REJECTED_SHOWN).map((u) => u.userPrincipalName),
    );
    assert.ok(report.rejected.every((r) => r.errorCode === "email_empty"));
    assert.equal(report.removals.staged, 0);
  });

  void it("counts staged removals, and a cycle with one staged is not converged", async () => {
    const e = directTenant([entraUser("ann.archer")]);
    await runCycleInMemory(e);
    await e.ctx.removals.stage(e.ctx.jobId, {
      objectType: "User",
      objectId: "oid-ann.archer",
      evidence: "unassigned",
      state: "staged",
      cycleId: "c",
      stagedAt: e.clock.now().toISOString(),
    });
    const report = await cycleReport(e.ctx);
    assert.equal(report.removals.staged, 1);
    assert.equal(report.converged, false);
  });
});
