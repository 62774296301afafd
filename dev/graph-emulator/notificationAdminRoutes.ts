import type { ServerResponse } from "node:http";
import { AdminError } from "./AdminError";
import type { EmulatorDirectory } from "./EmulatorDirectory";
import { sendEmpty, sendJson } from "./httpUtil";
import type { LifecycleEvent } from "./subscriptionTypes";

/** Whether an admin path (split after /_admin) belongs to the change notification admin API. */
export function isNotificationAdminPath(parts: readonly string[]): boolean {
  return parts[0] === "subscriptions" || parts[0] === "notifications";
}

/**
 * The change notification admin API:
 *   GET /_admin/subscriptions, POST /_admin/subscriptions/{id}/lifecycle {lifecycleEvent} → {sentTo},
 *   POST /_admin/subscriptions/{id}/expire, GET/PATCH /_admin/notifications/settings,
 *   POST /_admin/notifications/drop {count}, GET/DELETE /_admin/notifications/stats.
 */
export function handleNotificationAdmin(
  dir: EmulatorDirectory,
  res: ServerResponse,
  method: string,
  parts: readonly string[],
  body: unknown,
): void {
  const [first, id = "", action] = parts;
  const route = `${method} ${first}${first === "subscriptions" && id ? `/:id${action ? `/${action}` : ""}` : id ? `/${id}` : ""}`;
  const b = (body ?? {}) as Record<string, unknown>;
  switch (route) {
    case "GET subscriptions":
      return sendJson(res, 200, dir.listSubscriptions());
    case "POST subscriptions/:id/lifecycle":
      return sendJson(res, 200, dir.sendLifecycleEvent(id, b.lifecycleEvent as LifecycleEvent));
    case "POST subscriptions/:id/expire":
      dir.expireSubscription(id);
      return sendEmpty(res, 204);
    case "GET notifications/settings":
      return sendJson(res, 200, dir.notificationSettings());
    case "PATCH notifications/settings":
      return sendJson(res, 200, dir.setNotificationSettings(b));
    case "POST notifications/drop":
      dir.dropNextNotifications(typeof b.count === "number" ? b.count : Number.NaN);
      return sendEmpty(res, 204);
    case "GET notifications/stats":
      return sendJson(res, 200, dir.notificationStats());
    case "DELETE notifications/stats":
      dir.resetNotificationStats();
      return sendEmpty(res, 204);
    default:
      throw new AdminError(404, "NotFound", `No admin route ${method} /_admin/${parts.join("/")}`);
  }
}
