import { timingSafeEqual } from "node:crypto";

export type LifecycleEvent = "reauthorizationRequired" | "subscriptionRemoved" | "missed";

/** What one POST from Graph said, once checked: never what changed (the app re-reads), only that something did. */
export interface ReadNotifications {
  /** Change notifications with the right clientState. */
  changes: number;
  /** The subscriptions those came through. */
  subscriptionIds: string[];
  /** The lifecycle events with the right clientState. */
  lifecycle: { event: LifecycleEvent; subscriptionId: string }[];
  /** Items with a missing or wrong clientState: ignored, and reported. */
  forged: number;
  /** Items that are neither (unknown lifecycle events, not objects). */
  ignored: number;
}

/** The most items one POST may carry that we look at (Graph batches far fewer). */
const MAX_ITEMS = 1000;
const LIFECYCLE_EVENTS = new Set<string>(["reauthorizationRequired", "subscriptionRemoved", "missed"]);

/**
 * Pure: reads a notification POST's body (`{"value": [...]}`), keeping only the items whose `clientState` is ours,
 * compared in constant time. Throws SyntaxError for a body that is not JSON or has no `value` array.
 */
export function readNotifications(body: string, clientState: string): ReadNotifications {
  const parsed = JSON.parse(body) as unknown;
  const value = (parsed as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) throw new SyntaxError('A notification body must be {"value": [...]}.');
  const out: ReadNotifications = { changes: 0, subscriptionIds: [], lifecycle: [], forged: 0, ignored: 0 };
  const expected = Buffer.from(clientState, "utf8");
  for (const raw of value.slice(0, MAX_ITEMS) as unknown[]) {
    if (typeof raw !== "object" || raw === null) {
      out.ignored++;
      continue;
    }
    const item = raw as { clientState?: unknown; lifecycleEvent?: unknown; subscriptionId?: unknown };
    const given = Buffer.from(typeof item.clientState === "string" ? item.clientState : "", "utf8");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      out.forged++;
      continue;
    }
    if (item.lifecycleEvent === undefined) {
      out.changes++;
      const id = typeof item.subscriptionId === "string" ? item.subscriptionId : "";
      if (id && !out.subscriptionIds.includes(id)) out.subscriptionIds.push(id);
    } else if (typeof item.lifecycleEvent === "string" && LIFECYCLE_EVENTS.has(item.lifecycleEvent)) {
      out.lifecycle.push({
        event: item.lifecycleEvent as LifecycleEvent,
        subscriptionId: typeof item.subscriptionId === "string" ? item.subscriptionId : "",
      });
    } else out.ignored++;
  }
  out.ignored += Math.max(0, value.length - MAX_ITEMS);
  return out;
}
