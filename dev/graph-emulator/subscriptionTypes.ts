/** The directory collections a subscription can watch (resource "users" or "groups", with or without a leading "/"). */
export type SubscribableResource = "users" | "groups";

/** A subscription's change types. For users and groups Graph notifies creation, update, soft delete and restore as
 * "updated" and only a permanent delete as "deleted"; "created" is accepted but never sent for them. */
export type NotificationChangeType = "created" | "updated" | "deleted";

export type LifecycleEvent = "reauthorizationRequired" | "subscriptionRemoved" | "missed";

export const LIFECYCLE_EVENTS: readonly LifecycleEvent[] = ["reauthorizationRequired", "subscriptionRemoved", "missed"];

export interface StoredSubscription {
  id: string;
  /** The resource as the client sent it (echoed back as Graph does). */
  resource: string;
  target: SubscribableResource;
  /** The change types as the client sent them (comma-separated). */
  changeType: string;
  changeTypes: readonly NotificationChangeType[];
  clientState: string | null;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  /** ISO 8601 (UTC) expiry. */
  expirationDateTime: string;
  applicationId: string;
  creatorId: string;
  latestSupportedTlsVersion: string;
  /** Set by a reauthorizationRequired lifecycle event; cleared by reauthorize or a renewal (emulator bookkeeping). */
  needsReauthorization: boolean;
}

/** One item of a change notification POST ({"value":[...]}): a basic notification (no resource values). */
export interface ChangeNotification {
  id: string;
  subscriptionId: string;
  subscriptionExpirationDateTime: string;
  clientState: string | null;
  changeType: "updated" | "deleted";
  /** e.g. "Users/{id}" or "Groups/{id}". */
  resource: string;
  resourceData: {
    "@odata.type": "#Microsoft.Graph.User" | "#Microsoft.Graph.Group";
    "@odata.id": string;
    id: string;
    organizationId: string;
  };
  tenantId: string;
}

/** One item of a lifecycle notification POST, as Graph documents it. */
export interface LifecycleNotification {
  subscriptionId: string;
  subscriptionExpirationDateTime: string;
  tenantId: string;
  clientState: string | null;
  lifecycleEvent: LifecycleEvent;
}

/** Delivery counters (items, not POSTs, unless named otherwise). */
export interface NotificationStats {
  /** Change notifications acknowledged with a 2xx. */
  delivered: number;
  /** Change notifications given up after the last attempt. */
  failed: number;
  /** Change notifications dropped by the admin knob (never sent). */
  dropped: number;
  /** Extra copies sent because duplicateNotifications is on. */
  duplicated: number;
  /** Change notification POST attempts, retries included. */
  attempts: number;
  lifecycleDelivered: number;
  lifecycleFailed: number;
  /** Change notifications queued or being delivered (retries included). */
  pending: number;
}

/** A subscription as Graph returns it (the properties the emulator does not support are null or false). */
export interface SubscriptionResource {
  id: string;
  resource: string;
  applicationId: string;
  changeType: string;
  clientState: string | null;
  notificationUrl: string;
  notificationQueryOptions: null;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: string;
  creatorId: string;
  includeResourceData: false;
  latestSupportedTlsVersion: string;
  encryptionCertificate: null;
  encryptionCertificateId: null;
  notificationUrlAppId: null;
}

/** The admin API's view: Graph's properties plus the emulator's bookkeeping. */
export interface AdminSubscription extends SubscriptionResource {
  /** A reauthorizationRequired event was sent and neither reauthorize nor a renewal followed yet. */
  needsReauthorization: boolean;
}
