import { receiveQueueMessage } from "../../../shared/engine/receiveQueueMessage";
import { QUEUE_NAMES } from "../../../shared/queue/queueCatalog";
import type { InMemoryEngine } from "./createInMemoryEngine";
import { cloneJson } from "./cloneJson";

/**
 * Plays the Functions host over the in-memory queue: delivers every queued message through receiveQueueMessage (the
 * path the queue triggers take: schema check, handler, re-queue on a retryable error), queue by queue in the catalog's
 * order (delta pages first), until nothing is queued. A message sent with a visibility delay is delivered after the
 * clock has moved on by that delay. Bounded: throws after `maxDeliveries`. Resolves with how many were delivered.
 */
export async function drainInMemory(e: InMemoryEngine, maxDeliveries = 5_000): Promise<number> {
  let delivered = 0;
  for (;;) {
    const batch = QUEUE_NAMES.flatMap((name) => e.queue.take(name));
    if (batch.length === 0) return delivered;
    for (const sent of batch) {
      if (++delivered > maxDeliveries) throw new Error(`drainInMemory: more than ${maxDeliveries} deliveries`);
      if (sent.delayMs > 0) e.clock.advance(sent.delayMs);
      await receiveQueueMessage(e.ctx, sent.queue, cloneJson(sent.message), e.log);
    }
  }
}
