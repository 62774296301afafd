import { randomBytes } from "node:crypto";
import type { ChangeEntry } from "./ChangeLog";
import type {
  ChangeNotification,
  LifecycleEvent,
  LifecycleNotification,
  StoredSubscription,
} from "./subscriptionTypes";

/**
 * The change type Graph notifies for a directory change: users and groups report creation, updates (member changes
 * included), soft delete and restore as "updated", and only a permanent delete as "deleted".
 */
export function notifiedChangeType(entry: ChangeEntry): "updated" | "deleted" {
  return entry.kind === "purged" ? "deleted" : "updated";
}

/** The basic change notification of `entry` for `sub`, or undefined when the subscription does not want it. */
export function changeNotificationFor(
  sub: StoredSubscription,
  entry: ChangeEntry,
  tenantId: string,
): ChangeNotification | undefined {
  const changeType = notifiedChangeType(entry);
  if (sub.target !== entry.resource || !sub.changeTypes.includes(changeType)) return undefined;
  const user = entry.resource === "users";
  const resource = `${user ? "Users" : "Groups"}/${entry.objectId}`;
  return {
    id: randomBytes(12).toString("base64url"),
    subscriptionId: sub.id,
    subscriptionExpirationDateTime: sub.expirationDateTime,
    clientState: sub.clientState,
    changeType,
    resource,
    resourceData: {
      "@odata.type": user ? "#Microsoft.Graph.User" : "#Microsoft.Graph.Group",
      "@odata.id": resource,
      id: entry.objectId,
      organizationId: tenantId,
    },
    tenantId,
  };
}

/** A lifecycle notification as Graph documents it (no resource, no changeType). */
export function lifecycleNotificationFor(
  sub: StoredSubscription,
  event: LifecycleEvent,
  tenantId: string,
): LifecycleNotification {
  return {
    subscriptionId: sub.id,
    subscriptionExpirationDateTime: sub.expirationDateTime,
    tenantId,
    clientState: sub.clientState,
    lifecycleEvent: event,
  };
}
