import type { InvocationContext } from "@azure/functions";
import { registerFunction } from "../shared/hosting/registerFunction";
import type { ProvisionGroupMessage } from "../shared/queue/messages";
import { QUEUES } from "../shared/queue/messages";
import { engine } from "../shared/runtime/engine";

/** Poison queue of group work: records the failure so nothing is dropped silently, and clears the backlog row. */
export async function provisionGroupPoison(message: unknown, context: InvocationContext): Promise<void> {
  const msg = message as ProvisionGroupMessage;
  const ctx = engine();
  const reason =
    "Provisioning this group failed repeatedly and the message was moved to the poison queue. See the function logs " +
    "for the error; the group is reconciled again when its membership or assignment changes, or on a restart.";
  await ctx.activity.append({
    jobId: ctx.jobId,
    cycleId: msg.cycleId,
    changeId: msg.changeId,
    at: ctx.clock().toISOString(),
    objectType: "Group",
    objectId: msg.groupId,
    action: "Other",
    status: "Failure",
    reason,
    steps: [],
    modifiedProperties: [],
    errorCode: "PoisonMessage",
    errorMessage: reason,
  });
  await ctx.pending.remove(msg.cycleId, msg.changeId);
  context.warn(`Recorded poisoned group message for ${msg.groupId}.`);
}

registerFunction({
  kind: "queue",
  name: "provisionGroupPoison",
  queueName: `${QUEUES.provisionGroups}-poison`,
  connection: "AzureWebJobsStorage",
  handler: provisionGroupPoison,
});
