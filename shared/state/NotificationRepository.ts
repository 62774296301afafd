import { odata } from "@azure/data-tables";
import type { TableClient } from "@azure/data-tables";
import { TransientError } from "../errors";
import type { CatchUpState } from "../notifications/catchUp";
import type { SubscribedResource } from "../notifications/GraphSubscriptions";
import type { NotificationStore } from "../notifications/NotificationStore";
import type { SubscriptionRecord } from "../notifications/planSubscriptions";
import { isConflict, isNotFound, isPreconditionFailed } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

type Row = { partitionKey: string; rowKey: string; json: string };

const CATCH_UP = "catchUp";
const subscriptionRow = (resource: SubscribedResource) => `subscription|${resource}`;

/** The notification state in Table Storage: partition = job; rows `subscription|users`, `subscription|groups`, `catchUp`. */
export class NotificationRepository implements NotificationStore {
  constructor(private readonly tables: TableProvider) {}

  private client(): Promise<TableClient> {
    return this.tables.table(TABLES.notifications);
  }

  async subscriptions(jobId: string): Promise<SubscriptionRecord[]> {
    const client = await this.client();
    const out: SubscriptionRecord[] = [];
    const filter = odata`PartitionKey eq ${jobId} and RowKey ge ${"subscription|"} and RowKey lt ${"subscription}"}`;
    for await (const row of client.listEntities<Row>({ queryOptions: { filter } })) {
      out.push(JSON.parse(row.json) as SubscriptionRecord);
    }
    return out;
  }

  async saveSubscription(jobId: string, record: SubscriptionRecord): Promise<void> {
    const client = await this.client();
    await client.upsertEntity<Row>(
      { partitionKey: jobId, rowKey: subscriptionRow(record.resource), json: JSON.stringify(record) },
      "Replace",
    );
  }

  async markSubscription(
    jobId: string,
    resource: SubscribedResource,
    fields: Pick<SubscriptionRecord, "reauthorize" | "removed" | "lastNotificationAt">,
  ): Promise<void> {
    await this.update(jobId, subscriptionRow(resource), (json) => {
      const current = json ? (JSON.parse(json) as SubscriptionRecord) : { resource };
      return { json: JSON.stringify({ ...current, ...fields }), result: undefined };
    });
  }

  async catchUp(jobId: string): Promise<CatchUpState> {
    const client = await this.client();
    try {
      return JSON.parse((await client.getEntity<Row>(jobId, CATCH_UP)).json) as CatchUpState;
    } catch (e) {
      if (isNotFound(e)) return {};
      throw e;
    }
  }

  updateCatchUp<T>(jobId: string, change: (state: CatchUpState) => { state: CatchUpState; result: T }): Promise<T> {
    return this.update(jobId, CATCH_UP, (json) => {
      const { state, result } = change(json ? (JSON.parse(json) as CatchUpState) : {});
      return { json: JSON.stringify(state), result };
    });
  }

  /** Read, change and write one row under its ETag (insert when missing), again when another writer came first. */
  private async update<T>(
    jobId: string,
    rowKey: string,
    change: (json: string | undefined) => { json: string; result: T },
  ): Promise<T> {
    const client = await this.client();
    for (let attempt = 0; attempt < 20; attempt++) {
      let current: (Row & { etag: string }) | undefined;
      try {
        current = await client.getEntity<Row>(jobId, rowKey);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      const { json, result } = change(current?.json);
      try {
        if (current)
          await client.updateEntity<Row>({ partitionKey: jobId, rowKey, json }, "Replace", { etag: current.etag });
        else await client.createEntity<Row>({ partitionKey: jobId, rowKey, json });
        return result;
      } catch (e) {
        if (!isPreconditionFailed(e) && !isConflict(e) && !isNotFound(e)) throw e;
      }
    }
    throw new TransientError("NotificationStateContended", "The notification state kept changing under us; retry.");
  }
}
