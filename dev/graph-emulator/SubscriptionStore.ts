import type { StoredSubscription } from "./subscriptionTypes";

/**
 * The emulated tenant's change notification subscriptions. A subscription whose expirationDateTime has passed is gone
 * (as in Graph: not listed, 404, no notifications); it is removed the first time it is looked at after that.
 */
export class SubscriptionStore {
  private readonly subscriptions = new Map<string, StoredSubscription>();

  constructor(private readonly clock: () => number = Date.now) {}

  add(sub: StoredSubscription): void {
    this.subscriptions.set(sub.id, sub);
  }

  /** The live subscription, or undefined (unknown, deleted or expired). */
  get(id: string): StoredSubscription | undefined {
    this.sweep();
    return this.subscriptions.get(id.toLowerCase()) ?? this.subscriptions.get(id);
  }

  /** Live subscriptions in creation order. */
  list(): StoredSubscription[] {
    this.sweep();
    return [...this.subscriptions.values()];
  }

  /** Removes a subscription; true when it was live. */
  remove(id: string): boolean {
    const sub = this.get(id);
    return sub !== undefined && this.subscriptions.delete(sub.id);
  }

  private sweep(): void {
    const now = this.clock();
    for (const [id, sub] of this.subscriptions) {
      if (Date.parse(sub.expirationDateTime) <= now) this.subscriptions.delete(id);
    }
  }
}
