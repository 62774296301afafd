import type { DeltaPageMessage, GroupsDeltaPageMessage } from "../queue/messages";
import { cycleFailed } from "../state/JobState";
import type { EngineContext } from "./EngineContext";
import { jobRecord } from "./jobRecord";
import type { Logger } from "./Logger";

/**
 * Records a message that reached a poison queue as a Failure in the activity log (nothing is dropped silently) and
 * clears its backlog row, so the cycle can finish. Used by the poison-queue functions.
 */
export async function recordPoisoned(
  ctx: Pick<EngineContext, "jobId" | "activity" | "pending" | "clock">,
  message: { cycleId: string; changeId: string; pendingKey?: string },
  object: { type: "User" | "Group"; id: string },
): Promise<void> {
  const what = object.type === "User" ? "user" : "group";
  const reason =
    `Provisioning this ${what} failed repeatedly and the message was moved to the poison queue. See the function ` +
    `logs for the error; the ${what} is retried when it next changes in Entra ID or on a restart.`;
  await ctx.activity.append({
    jobId: ctx.jobId,
    cycleId: message.cycleId,
    changeId: message.changeId,
    at: ctx.clock().toISOString(),
    objectType: object.type,
    objectId: object.id,
    action: "Other",
    status: "Failure",
    reason,
    steps: [],
    modifiedProperties: [],
    errorCode: "PoisonMessage",
    errorMessage: reason,
  });
  await ctx.pending.remove(message.cycleId, message.pendingKey ?? message.changeId);
}

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
