import type { EngineContext } from "../engine/EngineContext";
import type { SubscriptionRecord } from "./planSubscriptions";

/** The change-notification part of /api/status: each subscription and the latest notification (two small reads). */
export interface NotificationStatus {
  enabled: boolean;
  subscriptions: Pick<
    SubscriptionRecord,
    "resource" | "id" | "expiresAt" | "lastNotificationAt" | "lastError" | "createdAt" | "renewedAt"
  >[];
  latestNotifiedAt?: string;
  /** A catch-up cycle is asked for and has not started yet. */
  catchUpPending: boolean;
}

export async function notificationStatus(
  ctx: Pick<EngineContext, "jobId" | "notifications" | "notificationSettings">,
): Promise<NotificationStatus> {
  if (!ctx.notificationSettings) return { enabled: false, subscriptions: [], catchUpPending: false };
  const [records, catchUp] = await Promise.all([
    ctx.notifications.subscriptions(ctx.jobId),
    ctx.notifications.catchUp(ctx.jobId),
  ]);
  return {
    enabled: true,
    subscriptions: records.map(({ resource, id, expiresAt, lastNotificationAt, lastError, createdAt, renewedAt }) => ({
      resource,
      ...(id ? { id } : {}),
      ...(expiresAt ? { expiresAt } : {}),
      ...(createdAt ? { createdAt } : {}),
      ...(renewedAt ? { renewedAt } : {}),
      ...(lastNotificationAt ? { lastNotificationAt } : {}),
      ...(lastError ? { lastError } : {}),
    })),
    ...(catchUp.latestNotifiedAt ? { latestNotifiedAt: catchUp.latestNotifiedAt } : {}),
    catchUpPending: catchUp.pokeQueuedAt !== undefined,
  };
}
