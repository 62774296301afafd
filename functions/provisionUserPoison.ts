import type { InvocationContext } from "@azure/functions";
import { recordPoisoned } from "../shared/engine/recordPoisoned";
import { registerFunction } from "../shared/hosting/registerFunction";
import type { ProvisionUserMessage } from "../shared/queue/messages";
import { QUEUES } from "../shared/queue/messages";
import { engine } from "../shared/runtime/engine";

/** Poison queue of user work: records the failure so nothing is dropped silently, and clears the backlog row. */
export async function provisionUserPoison(message: unknown, context: InvocationContext): Promise<void> {
  const msg = message as ProvisionUserMessage;
  await recordPoisoned(engine(), msg, { type: "User", id: msg.objectId });
  context.warn(`Recorded a poisoned user message for ${msg.objectId}.`);
}

registerFunction({
  kind: "queue",
  name: "provisionUserPoison",
  queueName: `${QUEUES.provisionUsers}-poison`,
  connection: "AzureWebJobsStorage",
  handler: provisionUserPoison,
});
