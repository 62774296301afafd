/**
 * The escrow-proportion quarantine on the in-memory engine: a cycle that escrowed most of the users it attempted (at
 * least 10, more than half) puts the job in quarantine with Graph's reason EncounteredEscrowProportionThreshold when its
 * convergence is seen, the operator is told once, and the job leaves quarantine by itself once a later cycle converges
 * without such a strike. A cycle below the minimum, or with no more than half escrowed, does not quarantine.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CycleStarter } from "../../../shared/engine/CycleStarter";
import { cycleReport } from "../../../shared/engine/CycleStatus";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import type { ActivityRecord } from "../../../shared/state/ActivityRecord";
import { noopTelemetry } from "../../../shared/telemetry/Telemetry";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { drainInMemory } from "../../support/memory/drainInMemory";
import { entraUser } from "../../support/memory/entraUser";
import { directTenant, runCycleInMemory, slackUserNames } from "../../support/memory/scriptedTenant";

const REASON = "EncounteredEscrowProportionThreshold";

/** `count` users named esc.u01, esc.u02, … (fixed width, so no name contains another). */
function users(count: number, prefix = "esc.u"): GraphUser[] {
  return Array.from({ length: count }, (_, i) => entraUser(`${prefix}${String(i + 1).padStart(2, "0")}`));
}

/**
 * Slack answers 503 to the first `cycles` cycles' worth of tries of each user: its lookup, or its create when a full
 * cycle matches against its snapshot of Slack.
 */
function slackFails(e: InMemoryEngine, failing: readonly GraphUser[], cycles: number): void {
  for (const u of failing) {
    const local = u.userPrincipalName?.split("@")[0] ?? u.id;
    e.slack.injectFault({
      pathContains: local,
      status: 503,
      times: cycles * (e.ctx.retryBudget.attempts + 1),
    });
  }
}

/** A tenant of `failing` users whose tries all fail in the first `cycles` cycles, plus `healthy` users. */
function tenant(failing: number, healthy = 0, cycles = 1): InMemoryEngine {
  const bad = users(failing);
  const e = directTenant([...bad, ...users(healthy, "ok.u")]);
  slackFails(e, bad, cycles);
  return e;
}

const start = (e: InMemoryEngine, trigger: "timer" | "manual" = "timer") => new CycleStarter(e.ctx).start({ trigger });
const quarantine = async (e: InMemoryEngine) => (await e.ctx.jobs.get(e.ctx.jobId)).quarantine;
const jobRecords = (e: InMemoryEngine) => e.ctx.activity.byObject(e.ctx.jobId, e.ctx.jobId);
const strikeRecords = async (e: InMemoryEngine) =>
  (await jobRecords(e)).filter((r) => r.status === "Failure" && r.errorCode === REASON);
const liftRecords = async (e: InMemoryEngine) =>
  (await jobRecords(e)).filter((r) => r.status === "Success" && /left quarantine/.test(r.reason));

/** Runs one cycle and then a manual start (which sees its convergence); resolves with the job's quarantine then. */
async function cycleThenStart(e: InMemoryEngine) {
  const report = await runCycleInMemory(e);
  assert.equal(report.converged, true);
  const next = await start(e, "manual");
  assert.ok(next.started, next.started ? "" : next.reason);
  return { report, quarantine: await quarantine(e) };
}

void describe("escrow-proportion quarantine (in memory)", () => {
  void it("12 users all escrowed quarantine the job (EncounteredEscrowProportionThreshold); once they succeed in a later cycle, it is lifted", async () => {
    const changes: ActivityRecord[] = [];
    const e = tenant(12);
    e.ctx.telemetry = { ...noopTelemetry, trackChange: (r) => changes.push(r) };

    const first = await runCycleInMemory(e);
    assert.equal(first.converged, true, "every user was escrowed, so the cycle converged");
    assert.equal(first.escrowed.entries.length, 12);
    assert.deepEqual(slackUserNames(e), []);

    // The next timer start sees the convergence: the cycle escrowed all it attempted, so the job is quarantined, with
    // the cycle's own strike, and the same start waits out the interval.
    e.clock.advance(60_000);
    const timer = await start(e);
    assert.equal(timer.started, false);
    assert.match(timer.started ? "" : timer.reason, /quarantined \(EncounteredEscrowProportionThreshold: Cycle /);
    const q = await quarantine(e);
    assert.equal(q?.reason, REASON);
    assert.equal(q?.code, REASON);
    assert.equal(q?.cycleId, first.cycleId);
    assert.equal(q?.strikes, 1);
    assert.equal(q?.nextAttemptAt, new Date(e.clock.now().getTime() + 10 * 60_000).toISOString());
    assert.match(q?.detail ?? "", /escrowed 12 of the 12 users and groups it attempted \(100%/);
    assert.match(q?.detail ?? "", /most common error was SlackUnavailable \(12 of them\)/);
    assert.equal((await cycleReport(e.ctx)).quarantine?.reason, REASON, "the status shows it");

    // The operator is told as for any quarantine: one job Failure record, tracked, and a warning.
    const [strike, ...more] = await strikeRecords(e);
    assert.equal(more.length, 0);
    assert.equal(strike?.cycleId, first.cycleId);
    assert.match(strike?.reason ?? "", /^The job is quarantined \(EncounteredEscrowProportionThreshold, strike 1\)/);
    assert.ok(changes.some((r) => r.objectType === "Job" && r.status === "Failure" && r.errorCode === REASON));
    assert.ok(e.log.lines.some((l) => l.level === "warn" && l.message.includes(REASON)));
    assert.deepEqual(await liftRecords(e), [], "the cycle that struck did not lift its own quarantine");

    // Another timer tick: still waiting, and no second strike or record for the same cycle.
    e.clock.advance(60_000);
    assert.equal((await start(e)).started, false);
    assert.equal((await quarantine(e))?.strikes, 1);
    assert.equal((await strikeRecords(e)).length, 1);

    // Slack is back; once the escrows are due, the next timer cycle retries them and they succeed...
    e.clock.advance(31 * 60_000);
    const second = await start(e);
    assert.ok(second.started, second.started ? "" : second.reason);
    await drainInMemory(e);
    assert.equal(slackUserNames(e).length, 12);
    assert.deepEqual((await cycleReport(e.ctx)).escrowed, { entries: [], more: false });
    assert.ok(await quarantine(e), "quarantined until a cycle without a strike is seen to converge");

    // ...and the start after it sees that cycle converge without a strike: the quarantine is lifted.
    e.clock.advance(60_000);
    assert.ok((await start(e)).started);
    assert.equal(await quarantine(e), undefined);
    assert.equal((await liftRecords(e)).length, 1);
  });

  void it("users that keep failing: each cycle that escrows them strikes again (the wait doubles) instead of lifting", async () => {
    const e = tenant(12, 0, 2);
    const first = await runCycleInMemory(e);
    e.clock.advance(31 * 60_000); // the escrows are due in the next cycle
    assert.ok((await start(e, "manual")).started);
    const q1 = await quarantine(e);
    assert.equal(q1?.strikes, 1);
    assert.equal(q1?.cycleId, first.cycleId);

    // The second cycle retried them and escrowed them all again: at its convergence it strikes with its own id before
    // the convergence could lift the quarantine of the first.
    await drainInMemory(e);
    const second = await cycleReport(e.ctx);
    assert.equal(second.escrowed.entries.length, 12);
    assert.ok(second.escrowed.entries.every((x) => x.attempts === 2));
    e.clock.advance(61 * 60_000);
    assert.ok((await start(e, "manual")).started);
    const q2 = await quarantine(e);
    assert.equal(q2?.reason, REASON);
    assert.equal(q2?.cycleId, second.cycleId);
    assert.equal(q2?.strikes, 2, "a second strike, not a lift followed by a first strike");
    assert.equal(q2?.since, q1?.since);
    assert.deepEqual(await liftRecords(e), []);
    assert.equal((await strikeRecords(e)).length, 2);

    // The third cycle (started above) retries them and they succeed: the next start lifts the quarantine.
    await drainInMemory(e);
    assert.equal(slackUserNames(e).length, 12);
    e.clock.advance(60_000);
    assert.ok((await start(e, "manual")).started);
    assert.equal(await quarantine(e), undefined);
    assert.equal((await liftRecords(e)).length, 1);
  });

  void it("below the minimum: 9 users all escrowed do not quarantine the job (10 do)", async () => {
    const nine = await cycleThenStart(tenant(9));
    assert.equal(nine.report.escrowed.entries.length, 9);
    assert.equal(nine.quarantine, undefined);

    const ten = await cycleThenStart(tenant(10));
    assert.equal(ten.report.escrowed.entries.length, 10);
    assert.equal(ten.quarantine?.reason, REASON);
  });

  void it("a converged cycle with fewer Failures than the minimum reads its tally only, not its records", async () => {
    const e = directTenant(users(30, "ok.u"));
    let scans = 0;
    const scan = e.ctx.activity.scan.bind(e.ctx.activity);
    e.ctx.activity.scan = (jobId, query) => {
      scans++;
      return scan(jobId, query);
    };
    const { report, quarantine: q } = await cycleThenStart(e);
    assert.equal(report.counts.byAction.Create, 30);
    assert.equal(q, undefined);
    assert.equal(scans, 0, "30 records, no Failure: no escrow verdict can strike, so none is read");

    const ten = tenant(10);
    let tenScans = 0;
    const tenScan = ten.ctx.activity.scan.bind(ten.ctx.activity);
    ten.ctx.activity.scan = (jobId, query) => {
      tenScans++;
      return tenScan(jobId, query);
    };
    assert.equal((await cycleThenStart(ten)).quarantine?.reason, REASON);
    assert.ok(tenScans > 0, "ten Failures: the records are read and the verdict strikes");
  });

  void it("not more than half: 10 escrowed of 20 attempted do not quarantine the job (10 of 19 do)", async () => {
    const half = await cycleThenStart(tenant(10, 10));
    assert.equal(half.report.escrowed.entries.length, 10);
    assert.equal(half.report.counts.byAction.Create, 10);
    assert.equal(half.quarantine, undefined);

    const most = await cycleThenStart(tenant(10, 9));
    assert.equal(most.quarantine?.reason, REASON);
    assert.match(most.quarantine?.detail ?? "", /escrowed 10 of the 19 users and groups it attempted \(53%/);
  });
});

void describe("escrow-proportion quarantine lasts while its objects are escrowed", () => {
  void it("a cycle in which the escrowed users were not yet due to be retried does not lift it", async () => {
    const e = tenant(12, 0, 10);
    await runCycleInMemory(e);
    e.clock.advance(60_000);
    await start(e); // sees the convergence: strike 1
    assert.equal((await quarantine(e))?.reason, REASON);

    // 11 minutes later the quarantine's interval is over, but the escrowed users are due only after 30 minutes.
    e.clock.advance(11 * 60_000);
    const quiet = await start(e);
    assert.ok(quiet.started, quiet.started ? "" : quiet.reason);
    await drainInMemory(e);
    assert.equal((await cycleReport(e.ctx)).converged, true);
    await start(e, "manual"); // sees that quiet cycle's convergence

    assert.equal((await quarantine(e))?.reason, REASON, "still quarantined: nothing was retried");
    assert.deepEqual(await liftRecords(e), []);
  });
});
