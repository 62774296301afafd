import type { SubscribedResource } from "./GraphSubscriptions";

/** Graph's longest lifetime for users and groups subscriptions, in minutes. */
export const MAX_SUBSCRIPTION_MINUTES = 41_760;
/** The lifetime we ask for: an hour below Graph's maximum, so clock skew never makes Graph refuse it. */
export const SUBSCRIPTION_LIFETIME_MS = (MAX_SUBSCRIPTION_MINUTES - 60) * 60_000;
/** Renew when less than this is left: the maintenance timer runs every 30 minutes, so there are many chances. */
export const RENEW_WHEN_LEFT_MS = 7 * 24 * 60 * 60_000;

/** What the app knows of one of its subscriptions (a row per resource). */
export interface SubscriptionRecord {
  resource: SubscribedResource;
  id?: string;
  expiresAt?: string;
  /** The notification URL it was created with. */
  url?: string;
  /** A hash of the clientState it was created with (never the secret itself). */
  clientStateHash?: string;
  /** Graph asked for reauthorization (lifecycle notification reauthorizationRequired). */
  reauthorize?: boolean;
  /** Graph removed it (lifecycle notification subscriptionRemoved). */
  removed?: boolean;
  createdAt?: string;
  renewedAt?: string;
  lastNotificationAt?: string;
  lastError?: { code: string; message: string; at: string };
}

export type SubscriptionAction =
  | { kind: "create"; resource: SubscribedResource; why: string }
  | { kind: "replace"; resource: SubscribedResource; id: string; why: string }
  | { kind: "renew"; resource: SubscribedResource; id: string }
  | { kind: "reauthorize"; resource: SubscribedResource; id: string }
  | { kind: "keep"; resource: SubscribedResource };

export const SUBSCRIBED_RESOURCES: readonly SubscribedResource[] = ["users", "groups"];

/**
 * Pure: what to do with each resource's subscription: create one when there is none, it expired or Graph removed it;
 * replace it when the URL or the clientState changed (a rotated secret); reauthorize when Graph asked; renew when
 * less than RENEW_WHEN_LEFT_MS is left; keep it otherwise.
 */
export function planSubscriptions(
  records: readonly SubscriptionRecord[],
  now: Date,
  want: { url: string; clientStateHash: string },
): SubscriptionAction[] {
  return SUBSCRIBED_RESOURCES.map((resource): SubscriptionAction => {
    const r = records.find((x) => x.resource === resource);
    if (!r?.id) return { kind: "create", resource, why: "none yet" };
    if (r.removed) return { kind: "create", resource, why: "Graph removed it" };
    const left = r.expiresAt ? Date.parse(r.expiresAt) - now.getTime() : -1;
    if (!(left > 0)) return { kind: "create", resource, why: "it expired" };
    if (r.url !== want.url) return { kind: "replace", resource, id: r.id, why: "the notification URL changed" };
    if (r.clientStateHash !== want.clientStateHash)
      return { kind: "replace", resource, id: r.id, why: "the clientState secret changed" };
    if (r.reauthorize) return { kind: "reauthorize", resource, id: r.id };
    if (left < RENEW_WHEN_LEFT_MS) return { kind: "renew", resource, id: r.id };
    return { kind: "keep", resource };
  });
}
