import type { StorageClients } from "../storage/createStorageClients";
import type { QueueName } from "./messages";
import { encodeQueueMessage } from "./queueMessageEncoding";
import type { SendOptions, WorkQueue } from "./WorkQueue";

export interface StorageWorkQueueOptions {
  /** Largest number of sends in flight at once in `sendMany` (default 16). */
  concurrency?: number;
}

/** Azure Queue Storage's longest visibility timeout: 7 days. */
const MAX_VISIBILITY_SECONDS = 7 * 24 * 3600;

/**
 * WorkQueue over Azure Queue Storage (or Azurite). Messages are JSON, base64 on the wire, never expire
 * (messageTimeToLive -1, so nothing is lost), and queues are created on first use.
 */
export class StorageWorkQueue implements WorkQueue {
  private readonly concurrency: number;

  constructor(
    private readonly clients: StorageClients,
    options: StorageWorkQueueOptions = {},
  ) {
    this.concurrency = Math.max(1, options.concurrency ?? 16);
  }

  async send(queue: QueueName, message: object, options: SendOptions = {}): Promise<void> {
    const text = encodeQueueMessage(queue, message);
    const client = await this.clients.ensureQueue(queue);
    await client.sendMessage(text, {
      visibilityTimeout: visibilitySeconds(options.visibilityDelayMs),
      messageTimeToLive: -1,
    });
  }

  async sendMany(queue: QueueName, messages: readonly object[], options: SendOptions = {}): Promise<void> {
    // Encode everything first: an oversized message fails the call before anything is sent.
    const texts = messages.map((m) => encodeQueueMessage(queue, m));
    if (texts.length === 0) return;
    const client = await this.clients.ensureQueue(queue);
    const visibilityTimeout = visibilitySeconds(options.visibilityDelayMs);
    let next = 0;
    const worker = async () => {
      while (next < texts.length) {
        const text = texts[next++] as string;
        await client.sendMessage(text, { visibilityTimeout, messageTimeToLive: -1 });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, texts.length) }, worker));
  }
}

function visibilitySeconds(delayMs: number | undefined): number {
  if (delayMs === undefined || !(delayMs > 0)) return 0;
  return Math.min(MAX_VISIBILITY_SECONDS, Math.ceil(delayMs / 1000));
}
