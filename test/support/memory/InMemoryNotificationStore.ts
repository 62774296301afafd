import type { CatchUpState } from "../../../shared/notifications/catchUp";
import type { SubscribedResource } from "../../../shared/notifications/GraphSubscriptions";
import type { NotificationStore } from "../../../shared/notifications/NotificationStore";
import type { SubscriptionRecord } from "../../../shared/notifications/planSubscriptions";
import { cloneJson } from "./cloneJson";
import { InMemoryTable } from "./InMemoryTable";

/** NotificationStore in memory: the same rows as NotificationRepository (`subscription|<resource>`, `catchUp`). */
export class InMemoryNotificationStore implements NotificationStore {
  readonly table = new InMemoryTable<string>();

  subscriptions(jobId: string): Promise<SubscriptionRecord[]> {
    return Promise.resolve(
      this.table
        .partition(jobId)
        .filter(([k]) => k.startsWith("subscription|"))
        .map(([, json]) => JSON.parse(json) as SubscriptionRecord),
    );
  }

  saveSubscription(jobId: string, record: SubscriptionRecord): Promise<void> {
    this.table.set(jobId, `subscription|${record.resource}`, JSON.stringify(record));
    return Promise.resolve();
  }

  markSubscription(
    jobId: string,
    resource: SubscribedResource,
    fields: Pick<SubscriptionRecord, "reauthorize" | "removed" | "lastNotificationAt">,
  ): Promise<void> {
    const json = this.table.get(jobId, `subscription|${resource}`);
    const current = json ? (JSON.parse(json) as SubscriptionRecord) : { resource };
    this.table.set(jobId, `subscription|${resource}`, JSON.stringify({ ...current, ...fields }));
    return Promise.resolve();
  }

  catchUp(jobId: string): Promise<CatchUpState> {
    const json = this.table.get(jobId, "catchUp");
    return Promise.resolve(json ? (JSON.parse(json) as CatchUpState) : {});
  }

  updateCatchUp<T>(jobId: string, change: (state: CatchUpState) => { state: CatchUpState; result: T }): Promise<T> {
    const json = this.table.get(jobId, "catchUp");
    const { state, result } = change(json ? (JSON.parse(json) as CatchUpState) : {});
    this.table.set(jobId, "catchUp", JSON.stringify(cloneJson(state)));
    return Promise.resolve(result);
  }
}
