import { odata } from "@azure/data-tables";
import type { TransactionAction } from "@azure/data-tables";
import { submitInBatches } from "./batches";
import { safeKey } from "./keys";
import { isNotFound } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

/**
 * The cycle's backlog: one row per queued message (keyed by its change id, so two messages for the same object are two
 * rows), removed when the worker has applied it or recorded its failure. A cycle has converged when its delta rounds
 * are committed and its backlog is empty.
 */
export class PendingWorkRepository {
  constructor(private readonly tables: TableProvider) {}

  async add(cycleId: string, changeIds: readonly string[]): Promise<void> {
    const client = await this.tables.table(TABLES.pendingWork);
    const unique = [...new Set(changeIds)];
    await submitInBatches(
      client,
      unique.map((id): TransactionAction => ["upsert", { partitionKey: cycleId, rowKey: safeKey(id) }, "Replace"]),
    );
  }

  async remove(cycleId: string, changeId: string): Promise<void> {
    const client = await this.tables.table(TABLES.pendingWork);
    try {
      await client.deleteEntity(cycleId, safeKey(changeId));
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
