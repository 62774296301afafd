import type { EngineContext } from "../engine/EngineContext";
import type { NotificationPokeMessage } from "../queue/messages";
import { QUEUES } from "../queue/queueCatalog";
import { notified } from "./catchUp";

/** How long a poke waits in the queue: notifications in a burst within it cost one cycle, not one each. */
export const POKE_DEBOUNCE_MS = 2_000;

export type RequestCatchUpPorts = Pick<EngineContext, "jobId" | "notifications" | "queue" | "clock">;

/**
 * Something changed in Entra (a notification, or notifications that were missed): have an incremental cycle read it.
 * `force` queues a poke even if one seems to be queued (after lost notifications: that one may be held by a dead host).
 */
export async function requestCatchUp(ctx: RequestCatchUpPorts, options: { force?: boolean } = {}): Promise<boolean> {
  const now = ctx.clock();
  const queuePoke = await ctx.notifications.updateCatchUp(ctx.jobId, (state) => {
    const r = notified(state, now, options.force === true);
    return { state: r.state, result: r.queuePoke };
  });
  if (queuePoke) {
    const poke: NotificationPokeMessage = { kind: "notificationPoke", jobId: ctx.jobId };
    await ctx.queue.sendMany(QUEUES.deltaPages, [poke], { visibilityDelayMs: POKE_DEBOUNCE_MS });
  }
  return queuePoke;
}
