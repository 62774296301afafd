/**
 * Quarantine on the in-memory engine: refused credentials (Slack's token revoked, Graph's secret wrong) put the job in
 * quarantine with Graph's reason, once per cycle, visible in the status and the activity log; timer cycles wait a
 * growing interval while an operator can still start one; the job leaves quarantine by itself when a cycle converges.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleStarter } from "../../../shared/engine/CycleStarter";
import { cycleReport } from "../../../shared/engine/CycleStatus";
import { CredentialError } from "../../../shared/errors";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { drainInMemory } from "../../support/memory/drainInMemory";
import { directTenant, runCycleInMemory } from "../../support/memory/scriptedTenant";
import { entraUser } from "../../support/memory/entraUser";

const ann = entraUser("ann.archer");
const ben = entraUser("ben.baker");

const start = (e: InMemoryEngine, trigger: "timer" | "manual" = "timer") => new CycleStarter(e.ctx).start({ trigger });
const jobRecords = (e: InMemoryEngine) => e.ctx.activity.byObject(e.ctx.jobId, e.ctx.jobId);

void describe("quarantine (in memory)", () => {
  void it("a revoked Slack token quarantines the job once per cycle; fixed, the work resumes and the job leaves quarantine", async () => {
    const e = directTenant([ann, ben]);
    // Every write is refused for the first 4 attempts: both users' creates fail, then are retried after 5 minutes.
    e.slack.injectFault({ method: "POST", status: 401, code: "invalid_authentication", times: 4 });
    await runCycleInMemory(e);

    const records = await jobRecords(e);
    const strikes = records.filter((r) => r.errorCode === "SlackCredentialError" && r.status === "Failure");
    assert.equal(strikes.length, 1, "one quarantine record for the cycle, however many messages were refused");
    assert.match(strikes[0]?.reason ?? "", /quarantined \(EncounteredQuarantineException, strike 1\)/);
    const during = await e.ctx.jobs.get(e.ctx.jobId);
    assert.equal(during.quarantine?.reason, "EncounteredQuarantineException");
    assert.equal(during.quarantine?.code, "SlackCredentialError");
    assert.equal((await cycleReport(e.ctx)).quarantine?.strikes, 1, "the status shows it");
    // The fault ran out (the token was fixed): both users were created by the retried messages.
    assert.equal(e.slack.directory.allUsers().length, 2);
    assert.equal((await cycleReport(e.ctx)).converged, true);

    // The cycle that struck converged, but that alone proves nothing (refused work may only have been escrowed): the
    // next cycle (by hand: the timer waits out the interval) runs while still quarantined...
    const next = await start(e, "manual");
    assert.ok(next.started, next.started ? "" : next.reason);
    assert.ok((await e.ctx.jobs.get(e.ctx.jobId)).quarantine, "still quarantined");
    await drainInMemory(e);
    // ...and once a cycle without a strike has converged, the next start lifts the quarantine.
    e.clock.advance(60_000);
    await start(e, "manual");
    assert.equal((await e.ctx.jobs.get(e.ctx.jobId)).quarantine, undefined);
    assert.ok((await jobRecords(e)).some((r) => r.status === "Success" && /left quarantine/.test(r.reason)));
  });

  void it("a token that stays revoked: the refused users are escrowed, the cycle converges, the job stays quarantined", async () => {
    const e = directTenant([ann, ben]);
    e.slack.injectFault({ method: "POST", status: 401, code: "invalid_authentication", times: 10_000 });
    await runCycleInMemory(e);

    const report = await cycleReport(e.ctx);
    assert.equal(report.converged, true, "the refused work is escrowed, not retried forever");
    assert.deepEqual(
      report.escrowed.entries.map((x) => x.lastError.code),
      ["SlackCredentialError", "SlackCredentialError"],
    );
    const next = await start(e, "manual");
    assert.ok(next.started);
    assert.equal((await e.ctx.jobs.get(e.ctx.jobId)).quarantine?.reason, "EncounteredQuarantineException");
  });

  void it("refused Graph credentials quarantine the job at cycle start; the timer waits, an operator can start", async () => {
    const e = directTenant([ann, ben]);
    e.graph.refusal = new CredentialError("graph", "Microsoft Graph refused the client secret (AADSTS7000215).");
    await assert.rejects(start(e), CredentialError);
    const q = (await e.ctx.jobs.get(e.ctx.jobId)).quarantine;
    assert.equal(q?.reason, "EncounteredQuarantineException");
    assert.equal(q?.code, "GraphCredentialError");
    assert.equal(q?.nextAttemptAt, new Date(e.clock.now().getTime() + 10 * 60_000).toISOString());

    e.clock.advance(60_000);
    const timer = await start(e);
    assert.equal(timer.started, false);
    assert.match(timer.started ? "" : timer.reason, /quarantined \(EncounteredQuarantineException/);

    // Still refused at the next attempt: a second strike doubles the wait.
    e.clock.advance(10 * 60_000);
    await assert.rejects(start(e), CredentialError);
    const again = (await e.ctx.jobs.get(e.ctx.jobId)).quarantine;
    assert.equal(again?.strikes, 2);
    assert.equal(again?.nextAttemptAt, new Date(e.clock.now().getTime() + 20 * 60_000).toISOString());

    // The admin fixes the secret and starts a cycle by hand; once it converges, the next start lifts the quarantine.
    e.graph.refusal = undefined;
    const manual = await start(e, "manual");
    assert.ok(manual.started, manual.started ? "" : manual.reason);
    await drainInMemory(e);
    assert.equal((await cycleReport(e.ctx)).converged, true);
    e.clock.advance(60_000);
    await start(e, "manual");
    assert.equal((await e.ctx.jobs.get(e.ctx.jobId)).quarantine, undefined);
  });
});
