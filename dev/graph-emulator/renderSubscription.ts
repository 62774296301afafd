import type { AdminSubscription, StoredSubscription, SubscriptionResource } from "./subscriptionTypes";

/** A subscription as Graph returns it. */
export function renderSubscription(sub: StoredSubscription): SubscriptionResource {
  return {
    id: sub.id,
    resource: sub.resource,
    applicationId: sub.applicationId,
    changeType: sub.changeType,
    clientState: sub.clientState,
    notificationUrl: sub.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: sub.lifecycleNotificationUrl,
    expirationDateTime: sub.expirationDateTime,
    creatorId: sub.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: sub.latestSupportedTlsVersion,
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}

export function renderAdminSubscription(sub: StoredSubscription): AdminSubscription {
  return { ...renderSubscription(sub), needsReauthorization: sub.needsReauthorization };
}
