import type { CatchUpState } from "./catchUp";
import type { SubscribedResource } from "./GraphSubscriptions";
import type { SubscriptionRecord } from "./planSubscriptions";

/** The app's notification state: its subscriptions (a row per resource) and the catch-up state (one row). */
export interface NotificationStore {
  subscriptions(jobId: string): Promise<SubscriptionRecord[]>;
  saveSubscription(jobId: string, record: SubscriptionRecord): Promise<void>;
  /** Sets some fields of a subscription's row, leaving the others (from the webhook: never races a whole row). */
  markSubscription(
    jobId: string,
    resource: SubscribedResource,
    fields: Pick<SubscriptionRecord, "reauthorize" | "removed" | "lastNotificationAt">,
  ): Promise<void>;
  catchUp(jobId: string): Promise<CatchUpState>;
  /** Applies `change` to the catch-up state under its ETag (read again when another writer came first). */
  updateCatchUp<T>(jobId: string, change: (state: CatchUpState) => { state: CatchUpState; result: T }): Promise<T>;
}
