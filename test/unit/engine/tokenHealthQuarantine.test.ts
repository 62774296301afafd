/**
 * The token check at every cycle start (in memory): a demoted token owner or a revoked token puts the job in
 * quarantine with a reason that says what to do, announced like every quarantine (a job Failure record, which the
 * quarantine alert counts, and telemetry); promoted again, a cycle starts and the job leaves quarantine by itself.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleStarter } from "../../../shared/engine/CycleStarter";
import { cycleReport } from "../../../shared/engine/CycleStatus";
import { SlackTokenUnhealthyError } from "../../../shared/errors";
import type { ActivityRecord } from "../../../shared/state/ActivityRecord";
import { noopTelemetry } from "../../../shared/telemetry/Telemetry";
import type { Telemetry } from "../../../shared/telemetry/Telemetry";
import { drainInMemory } from "../../support/memory/drainInMemory";
import { entraUser } from "../../support/memory/entraUser";
import { directTenant, runCycleInMemory } from "../../support/memory/scriptedTenant";

const ann = entraUser("ann.archer");

void describe("token check at cycle start (in memory)", () => {
  void it("a demoted owner quarantines the job with the reason; promoted again, the job leaves quarantine", async () => {
    const sent: ActivityRecord[] = [];
    const telemetry: Telemetry = { ...noopTelemetry, trackChange: (r) => sent.push(r) };
    const e = directTenant([ann], { telemetry });
    const owner = e.slack.store.seedUser({
      userName: "olga",
      emails: [{ value: "olga@contoso.example" }],
      role: "admin",
    });
    await runCycleInMemory(e);

    e.slack.store.setUserRole(owner.id, "member");
    await assert.rejects(new CycleStarter(e.ctx).start({ trigger: "timer" }), SlackTokenUnhealthyError);
    const report = await cycleReport(e.ctx);
    assert.equal(report.quarantine?.reason, "EncounteredQuarantineException");
    assert.equal(report.quarantine?.code, "SlackTokenOwnerNotAdmin");
    assert.match(report.quarantine?.detail ?? "", /olga\), who is no longer an Org Admin or Owner/);
    assert.equal(report.phase, "failed", "the cycle did not read Graph");
    const records = await e.ctx.activity.byObject(e.ctx.jobId, e.ctx.jobId);
    assert.ok(
      records.some(
        (r) => r.status === "Failure" && r.errorCode === "SlackTokenOwnerNotAdmin" && /quarantined/.test(r.reason),
      ),
      "a job Failure record (the quarantine alert counts them)",
    );
    assert.ok(
      sent.some((r) => r.errorCode === "SlackTokenOwnerNotAdmin"),
      "and the same to telemetry",
    );

    // The timer waits out the quarantine's interval; an operator fixes the role and starts a cycle.
    e.clock.advance(60_000);
    const waiting = await new CycleStarter(e.ctx).start({ trigger: "timer" });
    assert.equal(waiting.started, false);
    e.slack.store.setUserRole(owner.id, "owner");
    const manual = await new CycleStarter(e.ctx).start({ trigger: "manual" });
    assert.ok(manual.started, manual.started ? "" : manual.reason);
    await drainInMemory(e);
    e.clock.advance(60_000);
    await new CycleStarter(e.ctx).start({ trigger: "manual" });
    assert.equal((await e.ctx.jobs.get(e.ctx.jobId)).quarantine, undefined);
  });

  void it("a revoked token quarantines at the start with SlackTokenRevoked", async () => {
    const e = directTenant([ann]);
    e.slack.store.seedUser({ userName: "olga", emails: [{ value: "olga@contoso.example" }], role: "owner" });
    await runCycleInMemory(e);
    e.slack.store.revokeToken("initial");
    await assert.rejects(new CycleStarter(e.ctx).start({ trigger: "manual" }), SlackTokenUnhealthyError);
    const q = (await e.ctx.jobs.get(e.ctx.jobId)).quarantine;
    assert.equal(q?.code, "SlackTokenRevoked");
    assert.match(q?.detail ?? "", /Connect Slack again with Authorize/);
  });

  void it("a cycle start that cannot check the token (no answer) starts anyway", async () => {
    const e = directTenant([ann]);
    e.authTest.answer = () => ({ kind: "noAnswer", reason: "no answer" });
    const r = await runCycleInMemory(e);
    assert.equal(r.converged, true);
    assert.equal(r.quarantine, undefined);
  });
});
