import type { EngineContext } from "../engine/EngineContext";
import type { SubscriptionCheckMessage } from "../queue/messages";
import { QUEUES } from "../queue/queueCatalog";
import type { ReadNotifications } from "./readNotifications";
import { readNotifications } from "./readNotifications";
import { requestCatchUp } from "./requestCatchUp";

export type ReceiveNotificationsPorts = Pick<
  EngineContext,
  "jobId" | "notifications" | "notificationSettings" | "queue" | "clock" | "log"
>;

/**
 * Acts on one POST from Graph, quickly (Graph wants an answer within 3 s): changes request one catch-up cycle (a
 * notification is only a ping; its content is never trusted), lifecycle events mark the subscription and queue a
 * check (reauthorize, recreate) or a catch-up (missed), and items with a wrong clientState are ignored and logged.
 * Throws SyntaxError for a body that is not a notification batch.
 */
export async function receiveNotifications(ctx: ReceiveNotificationsPorts, body: string): Promise<ReadNotifications> {
  const settings = ctx.notificationSettings;
  if (!settings) throw new Error("unreachable: notifications are off");
  const read = readNotifications(body, settings.clientState);
  if (read.forged > 0) {
    ctx.log.warn(
      `Ignored ${read.forged} change notification(s) with a missing or wrong clientState: not from our Graph ` +
        "subscriptions (or the secret was rotated; the subscriptions are replaced within 30 minutes).",
    );
  }
  if (read.changes === 0 && read.lifecycle.length === 0) return read;
  const records = await ctx.notifications.subscriptions(ctx.jobId);
  const resourceOf = (id: string) => records.find((r) => r.id === id)?.resource;
  const now = ctx.clock().toISOString();
  if (read.changes > 0) {
    await requestCatchUp(ctx);
    for (const id of read.subscriptionIds) {
      const resource = resourceOf(id);
      if (resource) await ctx.notifications.markSubscription(ctx.jobId, resource, { lastNotificationAt: now });
    }
  }
  const checks: SubscriptionCheckMessage[] = [];
  for (const { event, subscriptionId } of read.lifecycle) {
    const resource = resourceOf(subscriptionId);
    ctx.log.info(
      `Graph lifecycle notification ${event} for subscription ${subscriptionId} (${resource ?? "unknown"}).`,
    );
    if (event === "missed") await requestCatchUp(ctx, { force: true });
    else if (resource) {
      await ctx.notifications.markSubscription(
        ctx.jobId,
        resource,
        event === "reauthorizationRequired" ? { reauthorize: true } : { removed: true },
      );
    }
    if (event !== "missed" && !checks.some((c) => c.reason === event)) {
      checks.push({ kind: "subscriptionCheck", jobId: ctx.jobId, reason: event });
    }
  }
  if (checks.length > 0) await ctx.queue.sendMany(QUEUES.deltaPages, checks);
  return read;
}
