import { setMaxListeners } from "node:events";
import type { NotificationSettings } from "./NotificationSettings";
import { postNotification } from "./postNotification";
import type {
  ChangeNotification,
  LifecycleNotification,
  NotificationStats,
  StoredSubscription,
} from "./subscriptionTypes";

/** What the dispatcher needs from its owner. */
export interface DispatcherContext {
  settings(): Readonly<NotificationSettings>;
  /** The live subscription, or undefined once it was deleted or has expired (its notifications are then dropped). */
  subscription(id: string): StoredSubscription | undefined;
  /** Called when notifications of `sub` were lost (dropped or failed): Graph then sends a `missed` lifecycle event. */
  missed(sub: StoredSubscription): void;
}

type Counters = Omit<NotificationStats, "pending">;

/**
 * Delivers change notifications as Graph does: changes for the same notification URL within `notificationDelayMs` go
 * out together ({"value":[...]}, at most `maxNotificationsPerPost` each, possibly mixing subscriptions); a POST
 * without a 2xx within `deliveryTimeoutMs` is retried with exponential backoff, `maxDeliveryAttempts` times in all,
 * then dropped and followed by `missed`. Every wait is a timer cleared by close().
 */
export class NotificationDispatcher {
  private readonly queues = new Map<string, ChangeNotification[]>();
  private readonly flushTimers = new Map<string, NodeJS.Timeout>();
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private readonly closing = new AbortController();
  private counters: Counters = zeroCounters();
  private dropBudget = 0;
  private inFlight = 0;

  constructor(private readonly ctx: DispatcherContext) {
    // Every POST in flight listens for close; a burst of changes with no delay sends more than Node's default 10 at once.
    setMaxListeners(0, this.closing.signal);
  }

  /** Queues a change notification for `url`; the batch for that URL goes out after notificationDelayMs. */
  enqueue(url: string, notification: ChangeNotification): void {
    if (this.closing.signal.aborted) return;
    const queue = this.queues.get(url) ?? [];
    queue.push(notification);
    this.queues.set(url, queue);
    if (!this.flushTimers.has(url)) {
      const timer = setTimeout(() => this.flush(url), this.ctx.settings().notificationDelayMs);
      this.flushTimers.set(url, timer);
    }
  }

  /** Sends one lifecycle notification to `url` in the background (retried like change notifications). */
  sendLifecycle(url: string, notification: LifecycleNotification): void {
    if (this.closing.signal.aborted) return;
    this.inFlight += 1;
    void this.deliverLifecycle(url, notification)
      .catch(() => undefined)
      .finally(() => {
        this.inFlight -= 1;
      });
  }

  /** The next `count` change notifications are not sent; their subscriptions get a `missed` lifecycle event. */
  dropNext(count: number): void {
    this.dropBudget += count;
  }

  stats(): NotificationStats {
    let queued = 0;
    for (const q of this.queues.values()) queued += q.length;
    return { ...this.counters, pending: queued + this.inFlight };
  }

  resetStats(): void {
    this.counters = zeroCounters();
  }

  /** Stops every delivery: queued notifications are discarded, waits end, requests under way are aborted. */
  close(): void {
    this.closing.abort();
    for (const t of this.flushTimers.values()) clearTimeout(t);
    this.flushTimers.clear();
    this.queues.clear();
    for (const [t, resolve] of this.waits) {
      clearTimeout(t);
      resolve();
    }
    this.waits.clear();
  }

  private flush(url: string): void {
    const items = this.queues.get(url) ?? [];
    this.queues.delete(url);
    this.flushTimers.delete(url);
    const settings = this.ctx.settings();
    const send: ChangeNotification[] = [];
    const lost = new Set<string>();
    for (const n of items) {
      if (!this.ctx.subscription(n.subscriptionId)) continue; // deleted or expired meanwhile
      if (this.dropBudget > 0) {
        this.dropBudget -= 1;
        this.counters.dropped += 1;
        lost.add(n.subscriptionId);
      } else {
        send.push(n);
      }
    }
    for (let i = 0; i < send.length; i += settings.maxNotificationsPerPost) {
      const batch = send.slice(i, i + settings.maxNotificationsPerPost);
      this.inFlight += batch.length;
      void this.deliver(url, batch)
        .catch(() => undefined)
        .finally(() => {
          this.inFlight -= batch.length;
        });
    }
    this.reportMissed(lost);
  }

  private async deliver(url: string, batch: ChangeNotification[]): Promise<void> {
    let remaining = batch;
    for (let attempt = 1; ; attempt++) {
      remaining = remaining.filter((n) => this.ctx.subscription(n.subscriptionId) !== undefined);
      if (remaining.length === 0 || this.closing.signal.aborted) return;
      const settings = this.ctx.settings();
      this.counters.attempts += 1;
      const outcome = await postNotification(
        url,
        { value: remaining },
        settings.deliveryTimeoutMs,
        this.closing.signal,
      );
      if (this.closing.signal.aborted) return;
      if (outcome.delivered) {
        this.counters.delivered += remaining.length;
        if (settings.duplicateNotifications) {
          const again = await postNotification(
            url,
            { value: remaining },
            settings.deliveryTimeoutMs,
            this.closing.signal,
          );
          if (again.delivered) this.counters.duplicated += remaining.length;
        }
        return;
      }
      if (attempt >= settings.maxDeliveryAttempts) break;
      await this.wait(settings.retryBaseDelayMs * 2 ** (attempt - 1));
    }
    this.counters.failed += remaining.length;
    this.reportMissed(new Set(remaining.map((n) => n.subscriptionId)));
  }

  private async deliverLifecycle(url: string, notification: LifecycleNotification): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      if (this.closing.signal.aborted) return;
      const settings = this.ctx.settings();
      const outcome = await postNotification(
        url,
        { value: [notification] },
        settings.deliveryTimeoutMs,
        this.closing.signal,
      );
      if (this.closing.signal.aborted) return;
      if (outcome.delivered) {
        this.counters.lifecycleDelivered += 1;
        return;
      }
      if (attempt >= settings.maxDeliveryAttempts) break;
      await this.wait(settings.retryBaseDelayMs * 2 ** (attempt - 1));
    }
    this.counters.lifecycleFailed += 1;
  }

  private reportMissed(subscriptionIds: Set<string>): void {
    for (const id of subscriptionIds) {
      const sub = this.ctx.subscription(id);
      if (sub) this.ctx.missed(sub);
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closing.signal.aborted) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve();
      }, ms);
      this.waits.set(timer, resolve);
    });
  }
}

function zeroCounters(): Counters {
  return {
    delivered: 0,
    failed: 0,
    dropped: 0,
    duplicated: 0,
    attempts: 0,
    lifecycleDelivered: 0,
    lifecycleFailed: 0,
  };
}
