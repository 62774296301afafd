import type { InvocationContext } from "@azure/functions";
import type { Logger } from "../engine/Logger";
import { receiveQueueMessage } from "../engine/receiveQueueMessage";
import type { QueueDeclaration } from "../queue/queueCatalog";
import { poisonQueueName } from "../queue/queueCatalog";
import type { QueueName } from "../queue/messages";
import { engine } from "../runtime/engine";
import { deliveryOf } from "../queue/Delivery";
import { runInOperation } from "../telemetry/runInOperation";
import { registerFunction } from "./registerFunction";

/** The invocation's log as the engine's Logger. */
function invocationLog(context: InvocationContext): Logger {
  return { info: (m) => context.log(m), warn: (m) => context.warn(m), error: (m) => context.error(m) };
}

/**
 * Registers the two functions of a queue of the catalog: `<functionName>` on the queue and `<functionName>Poison` on its
 * poison queue. Both validate the message against the queue's schema before any engine code runs (see
 * receiveQueueMessage).
 */
export function registerQueue(queue: QueueDeclaration & { readonly name: QueueName }): void {
  registerFunction({
    kind: "queue",
    name: queue.functionName,
    queueName: queue.name,
    connection: "AzureWebJobsStorage",
    handler: async (message: unknown, context: InvocationContext) => {
      const ctx = engine();
      await runInOperation(ctx.telemetry, context.traceContext, () =>
        receiveQueueMessage(ctx, queue.name, message, invocationLog(context), deliveryOf(context.triggerMetadata)),
      );
    },
  });
  const poison = poisonQueueName(queue.name);
  registerFunction({
    kind: "queue",
    name: `${queue.functionName}Poison`,
    queueName: poison,
    connection: "AzureWebJobsStorage",
    handler: (message: unknown, context: InvocationContext) =>
      receiveQueueMessage(engine(), poison, message, invocationLog(context)),
  });
}
