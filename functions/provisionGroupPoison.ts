import type { InvocationContext } from "@azure/functions";
import { recordPoisoned } from "../shared/engine/recordPoisoned";
import { registerFunction } from "../shared/hosting/registerFunction";
import type { ProvisionGroupMessage } from "../shared/queue/messages";
import { QUEUES } from "../shared/queue/messages";
import { engine } from "../shared/runtime/engine";

/** Poison queue of group work: records the failure so nothing is dropped silently, and clears the backlog row. */
export async function provisionGroupPoison(message: unknown, context: InvocationContext): Promise<void> {
  const msg = message as ProvisionGroupMessage;
  await recordPoisoned(engine(), msg, { type: "Group", id: msg.groupId });
  context.warn(`Recorded a poisoned group message for ${msg.groupId}.`);
}

registerFunction({
  kind: "queue",
  name: "provisionGroupPoison",
  queueName: `${QUEUES.provisionGroups}-poison`,
  connection: "AzureWebJobsStorage",
  handler: provisionGroupPoison,
});
