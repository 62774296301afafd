import { classifyFailure } from "../errors";
import { quarantined } from "../state/JobState";
import type { EngineContext } from "./EngineContext";
import { jobRecord } from "./jobRecord";

export type EnterQuarantinePorts = Pick<
  EngineContext,
  "jobId" | "jobs" | "activity" | "telemetry" | "clock" | "newId" | "log"
>;

/**
 * Graph or Slack refused the job's credentials or permissions (a "credentials" failure of the retry policy): the job
 * enters quarantine (EncounteredQuarantineException), once per cycle however many messages hit it, and the operator is
 * told by a job Failure record (activity log, telemetry, the quarantine alert) and the status. Other errors are left
 * alone. Resolves true when this call put the job in quarantine.
 */
export async function enterQuarantine(ctx: EnterQuarantinePorts, cycleId: string, error: unknown): Promise<boolean> {
  const failure = classifyFailure(error);
  if (failure.kind !== "credentials") return false;
  const now = ctx.clock();
  const { applied, state } = await ctx.jobs.apply(
    ctx.jobId,
    quarantined({
      reason: "EncounteredQuarantineException",
      code: failure.code,
      detail: failure.message,
      cycleId,
      now,
    }),
  );
  if (!applied || !state.quarantine) return false;
  const reason =
    `The job is quarantined (EncounteredQuarantineException, strike ${state.quarantine.strikes}): ${failure.message} ` +
    `Timer cycles wait until ${state.quarantine.nextAttemptAt}, at a growing interval; queued work retries every few ` +
    "minutes, and the job leaves quarantine by itself once a cycle converges without refusals. Start a cycle by hand " +
    "after the fix.";
  await announceQuarantine(ctx, cycleId, reason, { code: failure.code, message: failure.message });
  return true;
}

/**
 * Tells the operator that the job entered quarantine, whatever the reason: a job Failure record in the activity log,
 * the same record to telemetry (the quarantine alert counts job Failure records), and a warning in the log.
 */
export async function announceQuarantine(
  ctx: Pick<EngineContext, "jobId" | "activity" | "telemetry" | "clock" | "newId" | "log">,
  cycleId: string,
  reason: string,
  error: { code: string; message: string },
): Promise<void> {
  const record = jobRecord(ctx, { cycleId, status: "Failure", reason, error });
  await ctx.activity.append(record);
  ctx.telemetry.trackChange(record);
  ctx.log.warn(reason);
}
