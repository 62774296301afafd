import type { QueueName } from "./messages";

export interface SendOptions {
  /** Delay before the message becomes visible (retry with backoff, Retry-After). */
  visibilityDelayMs?: number;
}

/**
 * The port for enqueuing work. Messages are JSON, base64-encoded on the wire so the Functions host's queue trigger
 * (host.json messageEncoding "base64") decodes them. `send` resolves only once the message is durably stored.
 */
export interface WorkQueue {
  send(queue: QueueName, message: object, options?: SendOptions): Promise<void>;
  sendMany(queue: QueueName, messages: readonly object[], options?: SendOptions): Promise<void>;
}
