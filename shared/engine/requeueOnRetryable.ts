import { CredentialError, describeError, isRetryable } from "../errors";
import type { QueueName } from "../queue/messages";
import type { WorkQueue } from "../queue/WorkQueue";
import type { Logger } from "./Logger";
import { retryDelay } from "./retryDelay";

/**
 * Runs `work` for a queue message. A retryable failure re-queues a copy of the message with a delay (Retry-After or
 * backoff) and returns normally, so throttling never burns the host's dequeue count and never becomes a failure. A
 * permanent error, or a transient one that exhausted its retries, is rethrown: the host retries it and finally moves it to
 * the poison queue, whose handler records it.
 */
export async function requeueOnRetryable<M extends { attempt?: number }>(
  queue: WorkQueue,
  queueName: QueueName,
  message: M,
  log: Logger,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (e) {
    if (!isRetryable(e) && !(e instanceof CredentialError)) throw e;
    const attempt = (message.attempt ?? 0) + 1;
    const delay = retryDelay(e, attempt);
    if (delay === undefined) throw e;
    const { code, message: text } = describeError(e);
    log.warn(`${code}: ${text} Re-queued (attempt ${attempt}) to run in ${Math.ceil(delay / 1000)} s.`);
    await queue.send(queueName, { ...message, attempt }, { visibilityDelayMs: delay });
  }
}
