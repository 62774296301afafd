import type { QueueName } from "../../../shared/queue/messages";
import { encodeQueueMessage } from "../../../shared/queue/queueMessageEncoding";
import type { SendOptions, WorkQueue } from "../../../shared/queue/WorkQueue";
import { cloneJson } from "./cloneJson";

/** One message as it was sent: its queue, the message (as the receiver would decode it) and its visibility delay. */
export interface SentMessage {
  queue: QueueName;
  message: object;
  /** The visibility delay asked for (0 when none). */
  delayMs: number;
}

/**
 * WorkQueue in memory: records every message per queue, in send order, with its delay, until a test takes it. Messages
 * are encoded as StorageWorkQueue encodes them, so one over the 64 KB limit fails here too (and `sendMany` sends
 * nothing when any of its messages is too large).
 */
export class InMemoryWorkQueue implements WorkQueue {
  private messages: SentMessage[] = [];

  send(queue: QueueName, message: object, options: SendOptions = {}): Promise<void> {
    return this.sendMany(queue, [message], options);
  }

  sendMany(queue: QueueName, messages: readonly object[], options: SendOptions = {}): Promise<void> {
    try {
      for (const m of messages) encodeQueueMessage(queue, m);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const delayMs =
      options.visibilityDelayMs !== undefined && options.visibilityDelayMs > 0 ? options.visibilityDelayMs : 0;
    for (const m of messages) this.messages.push({ queue, message: cloneJson(m), delayMs });
    return Promise.resolve();
  }

  /** The messages sent to `queue` (every queue when omitted) and not taken yet, without taking them. */
  peek(queue?: QueueName): SentMessage[] {
    return this.messages.filter((m) => queue === undefined || m.queue === queue);
  }

  /** Takes (removes and returns) the messages sent to `queue` so far, in send order. */
  take(queue: QueueName): SentMessage[] {
    const taken = this.peek(queue);
    this.messages = this.messages.filter((m) => m.queue !== queue);
    return taken;
  }

  /** Takes the messages of `queue` and returns just the messages, typed as the test expects them. */
  takeMessages<T extends object>(queue: QueueName): T[] {
    return this.take(queue).map((m) => m.message as T);
  }
}
