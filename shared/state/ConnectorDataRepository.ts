import { odata } from "@azure/data-tables";
import type { TransactionAction } from "@azure/data-tables";
import { submitInBatches } from "./batches";
import { isNotFound } from "./tableErrors";
import type { ConnectorDataStore, ConnectorTable } from "./StatePorts";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

const TABLE_NAMES: Record<ConnectorTable, string> = {
  IdentityLinks: TABLES.identityLinks,
  GroupLinks: TABLES.groupLinks,
  SlackIndex: TABLES.slackIndex,
  UserNameIndex: TABLES.userNameIndex,
  Escrows: TABLES.escrows,
};

/**
 * Empties the connector's data of one job in Table Storage, a bounded page at a time: one query for at most `limit`
 * keys (`$select` of the keys only), then deletes in transactions of 100. Calling it again after a crash deletes what
 * is left, so a reset interrupted anywhere resumes by calling it again.
 */
export class ConnectorDataRepository implements ConnectorDataStore {
  constructor(private readonly tables: TableProvider) {}

  async clear(table: ConnectorTable, jobId: string, limit: number): Promise<number> {
    const client = await this.tables.table(TABLE_NAMES[table]);
    const keys: string[] = [];
    const rows = client.listEntities<{ rowKey: string }>({
      queryOptions: { filter: odata`PartitionKey eq ${jobId}`, select: ["PartitionKey", "RowKey"] },
    });
    for await (const row of rows) {
      keys.push(row.rowKey);
      if (keys.length >= limit) break;
    }
    try {
      await submitInBatches(
        client,
        keys.map((rowKey): TransactionAction => ["delete", { partitionKey: jobId, rowKey }]),
      );
    } catch (e) {
      // A transaction fails whole when one of its rows is already gone (another runner, a provisioning run): delete
      // the page's rows one by one instead, a row already gone being fine.
      if (!isNotFound(e)) throw e;
      for (const rowKey of keys) {
        try {
          await client.deleteEntity(jobId, rowKey);
        } catch (one) {
          if (!isNotFound(one)) throw one;
        }
      }
    }
    return keys.length;
  }
}
