import type { EngineContext } from "./EngineContext";

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
