import type {
  GraphSubscription,
  GraphSubscriptions,
  NewSubscription,
} from "../../../shared/notifications/GraphSubscriptions";

/** Graph's subscriptions in memory: what was created, renewed, reauthorized and deleted, and a switch to lose them. */
export class InMemoryGraphSubscriptions implements GraphSubscriptions {
  readonly live = new Map<string, NewSubscription & { id: string }>();
  readonly calls: string[] = [];
  private next = 0;

  createSubscription(input: NewSubscription): Promise<GraphSubscription> {
    const id = `sub-${++this.next}`;
    this.live.set(id, { ...input, id });
    this.calls.push(`create ${input.resource}`);
    return Promise.resolve({ id, resource: input.resource, expirationDateTime: input.expirationDateTime });
  }

  getSubscription(id: string): Promise<GraphSubscription | undefined> {
    const s = this.live.get(id);
    return Promise.resolve(s ? { id, resource: s.resource, expirationDateTime: s.expirationDateTime } : undefined);
  }

  renewSubscription(id: string, expirationDateTime: string): Promise<GraphSubscription | undefined> {
    this.calls.push(`renew ${id}`);
    const s = this.live.get(id);
    if (!s) return Promise.resolve(undefined);
    s.expirationDateTime = expirationDateTime;
    return Promise.resolve({ id, resource: s.resource, expirationDateTime });
  }

  reauthorizeSubscription(id: string): Promise<boolean> {
    this.calls.push(`reauthorize ${id}`);
    return Promise.resolve(this.live.has(id));
  }

  deleteSubscription(id: string): Promise<void> {
    this.calls.push(`delete ${id}`);
    this.live.delete(id);
    return Promise.resolve();
  }
}
