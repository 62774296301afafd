import { randomUUID } from "node:crypto";
import { AdminError } from "./AdminError";
import type { ChangeEntry } from "./ChangeLog";
import { DEFAULT_APP_SERVICE_PRINCIPAL_ID, DEFAULT_CLIENT_ID, DEFAULT_TENANT_ID } from "./constants";
import { GraphProblem } from "./GraphProblem";
import { changeNotificationFor, lifecycleNotificationFor } from "./notificationBodies";
import { NotificationDispatcher } from "./NotificationDispatcher";
import { DEFAULT_NOTIFICATION_SETTINGS, mergeNotificationSettings } from "./NotificationSettings";
import type { NotificationSettings } from "./NotificationSettings";
import { renderAdminSubscription } from "./renderSubscription";
import { parseSubscriptionCreate, parseSubscriptionUpdate } from "./subscriptionRequest";
import { SubscriptionStore } from "./SubscriptionStore";
import type { AdminSubscription, LifecycleEvent, NotificationStats, StoredSubscription } from "./subscriptionTypes";
import { LIFECYCLE_EVENTS } from "./subscriptionTypes";
import { validateNotificationEndpoint } from "./validationHandshake";

export interface ChangeNotificationsOptions {
  tenantId?: string;
  /** The app that creates subscriptions (applicationId; the emulator's client id). */
  applicationId?: string;
  /** Its service principal (creatorId). */
  creatorId?: string;
  settings?: Partial<NotificationSettings>;
}

/**
 * Graph's change notifications for the emulated directory: the /subscriptions API (validation handshake, expiry,
 * renewal, reauthorize), delivery of every directory change to the matching subscriptions, lifecycle notifications,
 * and the admin knobs around them.
 */
export class ChangeNotifications {
  private readonly store = new SubscriptionStore();
  private readonly dispatcher: NotificationDispatcher;
  private readonly closing = new AbortController();
  private current: NotificationSettings;
  private readonly tenantId: string;
  private readonly applicationId: string;
  private readonly creatorId: string;

  constructor(options: ChangeNotificationsOptions = {}) {
    this.tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
    this.applicationId = options.applicationId ?? DEFAULT_CLIENT_ID;
    this.creatorId = options.creatorId ?? DEFAULT_APP_SERVICE_PRINCIPAL_ID;
    this.current = mergeNotificationSettings(DEFAULT_NOTIFICATION_SETTINGS, options.settings ?? {});
    this.dispatcher = new NotificationDispatcher({
      settings: () => this.current,
      subscription: (id) => this.store.get(id),
      missed: (sub) => this.sendLifecycle(sub, "missed"),
    });
  }

  /** Feeds one directory change (a ChangeLog listener): queues a notification for each matching subscription. */
  onChange(entry: ChangeEntry): void {
    for (const sub of this.store.list()) {
      const notification = changeNotificationFor(sub, entry, this.tenantId);
      if (notification) this.dispatcher.enqueue(sub.notificationUrl, notification);
    }
  }

  // ---- the Graph API ------------------------------------------------------------------------------------------

  /** POST /subscriptions: validates the body, then both endpoints (notification first), then creates. */
  async create(body: unknown): Promise<StoredSubscription> {
    const input = parseSubscriptionCreate(body, Date.now());
    await validateNotificationEndpoint(input.notificationUrl, this.current.validationTimeoutMs, this.closing.signal);
    if (input.lifecycleNotificationUrl !== null) {
      await validateNotificationEndpoint(
        input.lifecycleNotificationUrl,
        this.current.validationTimeoutMs,
        this.closing.signal,
      );
    }
    const sub: StoredSubscription = {
      id: randomUUID(),
      resource: input.resource,
      target: input.target,
      changeType: input.changeType,
      changeTypes: input.changeTypes,
      clientState: input.clientState,
      notificationUrl: input.notificationUrl,
      lifecycleNotificationUrl: input.lifecycleNotificationUrl,
      expirationDateTime: input.expirationDateTime,
      applicationId: this.applicationId,
      creatorId: this.creatorId,
      latestSupportedTlsVersion: input.latestSupportedTlsVersion,
      needsReauthorization: false,
    };
    this.store.add(sub);
    return sub;
  }

  get(id: string): StoredSubscription {
    const sub = this.store.get(id);
    if (!sub) throw new GraphProblem(404, "ResourceNotFound", "The object was not found.");
    return sub;
  }

  list(): StoredSubscription[] {
    return this.store.list();
  }

  /** PATCH /subscriptions/{id}: renews (same bound as creation) and/or moves to a new, validated notificationUrl. */
  async update(id: string, body: unknown): Promise<StoredSubscription> {
    this.get(id);
    const update = parseSubscriptionUpdate(body, Date.now());
    if (update.notificationUrl !== undefined) {
      await validateNotificationEndpoint(update.notificationUrl, this.current.validationTimeoutMs, this.closing.signal);
    }
    const sub = this.get(id); // it may have expired or been deleted while the endpoint was validated
    if (update.expirationDateTime !== undefined) sub.expirationDateTime = update.expirationDateTime;
    if (update.notificationUrl !== undefined) sub.notificationUrl = update.notificationUrl;
    sub.needsReauthorization = false; // renewing also reauthorizes
    return sub;
  }

  delete(id: string): void {
    if (!this.store.remove(id)) throw new GraphProblem(404, "ResourceNotFound", "The object was not found.");
  }

  /** POST /subscriptions/{id}/reauthorize. */
  reauthorize(id: string): void {
    this.get(id).needsReauthorization = false;
  }

  // ---- admin --------------------------------------------------------------------------------------------------

  listForAdmin(): AdminSubscription[] {
    return this.store.list().map(renderAdminSubscription);
  }

  settings(): NotificationSettings {
    return { ...this.current };
  }

  configure(patch: Partial<NotificationSettings>): NotificationSettings {
    this.current = mergeNotificationSettings(this.current, patch);
    return this.settings();
  }

  /** The next `count` change notifications are dropped unsent; each affected subscription then gets `missed`. */
  dropNext(count: number): void {
    if (!Number.isInteger(count) || count < 1) {
      throw new AdminError(400, "BadRequest", "count must be a positive whole number.");
    }
    this.dispatcher.dropNext(count);
  }

  /**
   * Sends a lifecycle event now, as Graph would: to the subscription's lifecycleNotificationUrl; a subscription created
   * without one gets none (Graph sends lifecycle notifications only there). subscriptionRemoved also removes the
   * subscription; reauthorizationRequired marks it until reauthorize or a renewal. Returns the URL posted to, or null.
   */
  sendLifecycleEvent(id: string, event: LifecycleEvent): { sentTo: string | null } {
    if (!LIFECYCLE_EVENTS.includes(event)) {
      throw new AdminError(400, "BadRequest", `lifecycleEvent must be one of ${LIFECYCLE_EVENTS.join(", ")}.`);
    }
    const sub = this.adminGet(id);
    if (event === "subscriptionRemoved") this.store.remove(sub.id);
    if (event === "reauthorizationRequired") sub.needsReauthorization = true;
    return { sentTo: this.sendLifecycle(sub, event) };
  }

  /** Makes the subscription expire now: it is gone (404) and gets no more notifications. */
  expireNow(id: string): void {
    this.adminGet(id).expirationDateTime = new Date().toISOString();
  }

  stats(): NotificationStats {
    return this.dispatcher.stats();
  }

  resetStats(): void {
    this.dispatcher.resetStats();
  }

  /** Stops deliveries and validation requests under way. */
  close(): void {
    this.closing.abort();
    this.dispatcher.close();
  }

  private adminGet(id: string): StoredSubscription {
    const sub = this.store.get(id);
    if (!sub) throw new AdminError(404, "NotFound", `Subscription '${id}' does not exist or has expired.`);
    return sub;
  }

  private sendLifecycle(sub: StoredSubscription, event: LifecycleEvent): string | null {
    const url = sub.lifecycleNotificationUrl;
    if (url === null) return null;
    this.dispatcher.sendLifecycle(url, lifecycleNotificationFor(sub, event, this.tenantId));
    return url;
  }
}
