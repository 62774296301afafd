import { odata } from "@azure/data-tables";
import type { TransactionAction } from "@azure/data-tables";
import { submitInBatches } from "./batches";
import { safeKey } from "./keys";
import { isNotFound } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

/**
 * The cycle's backlog: one row per object queued in a cycle, removed when the worker has applied it or recorded its
 * failure. A cycle has converged when its delta round is committed and its backlog is empty.
 */
export class PendingWorkRepository {
  constructor(private readonly tables: TableProvider) {}

  async add(cycleId: string, objectIds: readonly string[]): Promise<void> {
    const client = await this.tables.table(TABLES.pendingWork);
    const unique = [...new Set(objectIds)];
    await submitInBatches(
      client,
      unique.map((id): TransactionAction => [
        "upsert",
        { partitionKey: cycleId, rowKey: safeKey(id), objectId: id },
        "Replace",
      ]),
    );
  }

  async remove(cycleId: string, objectId: string): Promise<void> {
    const client = await this.tables.table(TABLES.pendingWork);
    try {
      await client.deleteEntity(cycleId, safeKey(objectId));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  async count(cycleId: string): Promise<number> {
    const client = await this.tables.table(TABLES.pendingWork);
    let n = 0;
    const filter = odata`PartitionKey eq ${cycleId}`;
    for await (const _ of client.listEntities({ queryOptions: { filter, select: ["RowKey"] } })) n++;
    return n;
  }
}
