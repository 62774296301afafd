import { checkQueueMessage } from "../queue/checkQueueMessage";
import type { MessageOf, QueueKey, QueueName } from "../queue/queueCatalog";
import { findQueue, poisonQueueName } from "../queue/queueCatalog";
import type { EngineContext } from "./EngineContext";
import type { Logger } from "./Logger";
import type { Delivery } from "../queue/Delivery";
import { malformedMessageRecord } from "./malformedMessageRecord";
import { QUEUE_HANDLERS } from "./QUEUE_HANDLERS";
import { requeueOnRetryable } from "./requeueOnRetryable";

/**
 * What a queue-triggered function does with the message it received (decoded by the host), for any queue of the
 * catalog or its poison queue. The message is first checked against its queue's schema: a malformed one is recorded as a
 * job Failure and returns normally (the host deletes it; retrying could not help). A valid one goes to the queue's
 * handler (re-queued on a retryable error) or, on a poison queue, to its poison handler. Used by the functions and by
 * the test harness alike.
 */
export async function receiveQueueMessage(
  ctx: EngineContext,
  queueName: string,
  payload: unknown,
  log: Logger,
  delivery: Delivery = {},
): Promise<void> {
  const queue = findQueue(queueName);
  if (!queue) throw new Error(`No queue named ${queueName} in the queue catalog.`);
  await dispatch(ctx, queue.key, queue.name, queue.poison, payload, log, delivery);
}

async function dispatch<K extends QueueKey>(
  ctx: EngineContext,
  key: K,
  name: QueueName,
  poison: boolean,
  payload: unknown,
  log: Logger,
  delivery: Delivery,
): Promise<void> {
  const queueName = poison ? poisonQueueName(name) : name;
  const checked = checkQueueMessage(key, payload);
  if (!checked.ok) {
    const record = malformedMessageRecord(ctx, queueName, payload, checked.problem);
    await ctx.activity.append(record);
    log.warn(record.reason);
    return;
  }
  const message: MessageOf<K> = checked.message;
  const handlers = QUEUE_HANDLERS[key];
  if (poison) await handlers.poisoned(ctx, message, log);
  else {
    const escrow = handlers.escrow?.bind(handlers);
    await requeueOnRetryable(
      ctx.queue,
      name,
      message,
      ctx.log,
      () => handlers.handle(ctx, message, log, delivery),
      escrow
        ? { run: (error, tries) => escrow(ctx, message, error, tries), budget: ctx.retryBudget, now: ctx.clock }
        : undefined,
    );
  }
}
