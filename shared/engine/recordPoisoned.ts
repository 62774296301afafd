import type { DeltaPageMessage, GroupsDeltaPageMessage } from "../queue/messages";
import { cycleFailed } from "../state/JobState";
import type { EngineContext } from "./EngineContext";
import { jobRecord } from "./jobRecord";
import type { Logger } from "./Logger";

/**
 * Records a delta page that reached the poison queue: a Failure record for the stalled cycle, and the cycle marked
 * failed with its lease released; the next timer run resumes from the last committed deltaLink.
 */
export async function recordPoisonedPage(
  ctx: Pick<EngineContext, "jobId" | "jobs" | "activity" | "clock" | "newId">,
  msg: DeltaPageMessage | GroupsDeltaPageMessage,
  log: Logger,
): Promise<void> {
  const reason =
    `Reading delta page ${msg.pageIndex} of cycle ${msg.cycleId} failed repeatedly. The cycle stops here; the next ` +
    "cycle starts again from the last committed delta link, so no change is lost.";
  const error = { code: "PoisonMessage", message: reason };
  await ctx.activity.append(jobRecord(ctx, { cycleId: msg.cycleId, status: "Failure", reason, error }));
  await ctx.jobs.apply(ctx.jobId, cycleFailed({ cycleId: msg.cycleId, ...error, now: ctx.clock() }));
  log.warn(reason);
}
