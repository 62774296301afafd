import type { InvocationContext } from "@azure/functions";
import { registerFunction } from "../shared/hosting/registerFunction";
import type { ProvisionUserMessage } from "../shared/queue/messages";
import { QUEUES } from "../shared/queue/messages";
import { engine } from "../shared/runtime/engine";

/** Poison queue of provisioning work: records the failure so nothing is dropped silently, and clears the backlog row. */
export async function provisionUserPoison(message: unknown, context: InvocationContext): Promise<void> {
  const msg = message as ProvisionUserMessage;
  const ctx = engine();
  const reason =
    "Provisioning this user failed repeatedly and the message was moved to the poison queue. See the function logs " +
    "for the error; the user is retried when it next changes in Entra ID or on a restart.";
  await ctx.activity.append({
    jobId: ctx.jobId,
    cycleId: msg.cycleId,
    changeId: msg.changeId,
    at: ctx.clock().toISOString(),
    objectType: "User",
    objectId: msg.objectId,
    action: "Other",
    status: "Failure",
    reason,
    steps: [],
    modifiedProperties: [],
    errorCode: "PoisonMessage",
    errorMessage: reason,
  });
  await ctx.pending.remove(msg.cycleId, msg.changeId);
  context.warn(`Recorded poisoned provisioning message for ${msg.objectId}.`);
}

registerFunction({
  kind: "queue",
  name: "provisionUserPoison",
  queueName: `${QUEUES.provisionUsers}-poison`,
  connection: "AzureWebJobsStorage",
  handler: provisionUserPoison,
});
