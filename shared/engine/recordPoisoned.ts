import type { DeltaPageMessage, GroupsDeltaPageMessage } from "../queue/messages";
import { jobRecord } from "./CycleStarter";
import type { EngineContext } from "./EngineContext";
import type { Logger } from "./Logger";

/**
 * Records a message that reached a poison queue as a Failure in the activity log (nothing is dropped silently) and
 * clears its backlog row, so the cycle can finish. Used by the poison-queue functions.
 */
export async function recordPoisoned(
  ctx: EngineContext,
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
  ctx: EngineContext,
  msg: DeltaPageMessage | GroupsDeltaPageMessage,
  log: Logger,
): Promise<void> {
  const reason =
    `Reading delta page ${msg.pageIndex} of cycle ${msg.cycleId} failed repeatedly. The cycle stops here; the next ` +
    "cycle starts again from the last committed delta link, so no change is lost.";
  await ctx.activity.append(jobRecord(ctx, msg.cycleId, "Failure", reason, "PoisonMessage", reason));
  const at = ctx.clock().toISOString();
  await ctx.jobs.mutate(ctx.jobId, (s) => {
    if (s.cycleId !== msg.cycleId) return { state: undefined, result: undefined };
    const next = { ...s, cyclePhase: "failed" as const, lastError: { code: "PoisonMessage", message: reason, at } };
    delete next.leaseOwner;
    delete next.leaseExpiresAt;
    return { state: next, result: undefined };
  });
  log.warn(reason);
}
