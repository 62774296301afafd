/**
 * What the host tells about one delivery of a queue message. `dequeueCount` is the queue's own count of deliveries
 * (Azure Queue Storage increments it on every receive, so 1 means no run before this one ever saw the message); it is
 * undefined where the caller does not know it (a test calling a handler directly, an on-demand run).
 */
export interface Delivery {
  dequeueCount?: number;
}

/** The delivery as the Functions host describes it in an invocation's trigger metadata. */
export function deliveryOf(triggerMetadata: Record<string, unknown> | undefined): Delivery {
  const n = Number(triggerMetadata?.dequeueCount);
  return Number.isInteger(n) && n > 0 ? { dequeueCount: n } : {};
}

/** True only when the queue says this is the message's first delivery (unknown counts as "maybe not"). */
export function isFirstDelivery(delivery: Delivery | undefined): boolean {
  return delivery?.dequeueCount === 1;
}
