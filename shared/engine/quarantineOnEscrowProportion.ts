import type { JobState } from "../state/JobState";
import { quarantined } from "../state/JobState";
import type { EngineContext } from "./EngineContext";
import { announceQuarantine } from "./enterQuarantine";
import { CycleEscrowCounter, ESCROW_PROPORTION_MINIMUM, escrowProportionVerdict } from "./escrowProportion";

export type EscrowProportionPorts = Pick<
  EngineContext,
  "jobId" | "jobs" | "activity" | "telemetry" | "clock" | "newId" | "log"
>;

/** The reason (Microsoft Graph's synchronizationQuarantine vocabulary), also the error code of its records. */
const REASON = "EncounteredEscrowProportionThreshold";

/** Activity records of one cycle read at the most (as the status does); beyond it, the newest ones are counted. */
export const MAX_CYCLE_RECORDS = 100_000;

/**
 * At the convergence of the job's current cycle (committed, backlog empty), applies the escrow-proportion rule of
 * escrowProportion.ts: when most of the cycle's objects were escrowed, the job takes a quarantine strike for that
 * cycle (EncounteredEscrowProportionThreshold) and the operator is told as for any quarantine (a job Failure record
 * with that error code, telemetry, the log). Resolves true when this call put the job in quarantine.
 *
 * Call it before the convergence may lift the quarantine (CycleStarter: before quarantineLifted): the strike carries the
 * cycle's id, so a cycle that escrowed most of its work keeps the job quarantined instead of lifting it, and only a
 * later cycle that converges without a strike lifts it. It counts once per cycle: skipped when the cycle's convergence
 * was already reported (CycleStarter claims that report right after this call, so a crash in between only means
 * counting again; the transition takes one strike per cycle) and when the cycle already struck (refused credentials).
 *
 * Cost: the cycle's tally (a few counter rows); only when it counts at least ESCROW_PROPORTION_MINIMUM Failures (every
 * escrow record is one), one streamed read of the cycle's own activity records (the day partitions of the cycle's time window, filtered
 * by cycle), proportional to the cycle's changes, holding a key per object; never a scan of the users.
 */
export async function quarantineOnEscrowProportion(
  ctx: EscrowProportionPorts,
  converged: Readonly<JobState>,
): Promise<boolean> {
  const cycleId = converged.cycleId;
  if (!cycleId || !converged.cycleStartedAt || converged.cyclePhase !== "committed") return false;
  if (converged.reportedCycleId === cycleId || converged.quarantine?.cycleId === cycleId) return false;
  // Every escrow record is a Failure: with fewer Failures than the minimum in the cycle's tally (its counters, a few
  // rows), no verdict can strike, and the records are not read. The usual converged cycle stops here.
  const tally = await ctx.activity.cycleTally(ctx.jobId, cycleId, 0);
  const failures = (tally.counts.byStatus.Failure ?? 0) + (tally.groupCounts.byStatus.Failure ?? 0);
  if (failures < ESCROW_PROPORTION_MINIMUM) return false;
  // Streamed: a cycle that created a whole tenant has as many records, and only a key per object is kept.
  const counter = new CycleEscrowCounter();
  let read = 0;
  for await (const record of ctx.activity.scan(ctx.jobId, {
    from: new Date(Date.parse(converged.cycleStartedAt) - 60_000),
    to: new Date(ctx.clock().getTime() + 60_000),
    cycleId,
  })) {
    counter.add(record);
    if (++read >= MAX_CYCLE_RECORDS) break;
  }
  const verdict = escrowProportionVerdict(cycleId, counter.tally());
  if (!verdict.strike) return false;
  const { applied, state } = await ctx.jobs.apply(
    ctx.jobId,
    quarantined({ reason: REASON, code: REASON, detail: verdict.detail, cycleId, now: ctx.clock() }),
  );
  if (!applied || !state.quarantine) return false;
  const reason =
    `The job is quarantined (${REASON}, strike ${state.quarantine.strikes}): ${verdict.detail} ` +
    `Timer cycles wait until ${state.quarantine.nextAttemptAt}, at a growing interval. The escrowed objects are ` +
    "retried automatically when due, and the job leaves quarantine by itself once a later cycle converges without " +
    "such a strike. The escrowed objects and their errors are in /api/status and on the dashboard: fix the cause, " +
    "then start a cycle by hand.";
  await announceQuarantine(ctx, cycleId, reason, { code: REASON, message: verdict.detail });
  return true;
}
