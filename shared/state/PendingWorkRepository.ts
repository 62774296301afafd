import { odata } from "@azure/data-tables";
import type { TransactionAction } from "@azure/data-tables";
import { submitInBatches } from "./batches";
import { safeKey } from "./keys";
import { isNotFound } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { PendingWorkStore } from "./StatePorts";

/** One queued message of a cycle: its backlog key, the queue it went to and the message itself. */
export interface PendingMessage {
  /** `${origin}|${changeId}`: the origin is the step that queued it (a page, the scope step, another message). */
  key: string;
  queue: string;
  message: object;
}

interface Entity {
  partitionKey: string;
  rowKey: string;
  queue?: string;
  message?: string;
}

/**
 * The cycle's backlog, which is also an outbox: one row per queued message, written before the message is sent and
 * removed when the worker has applied it or recorded its failure. A cycle has converged when its delta rounds are
 * committed and its backlog is empty. Rows are keyed by the step that queued them, so a step that is re-delivered after
 * a crash between writing its rows and sending their messages sends them again (`byOrigin`): no orphan row can stall a
 * cycle, and no queued change is lost.
 */
export class PendingWorkRepository implements PendingWorkStore {
  constructor(private readonly tables: TableProvider) {}

  async add(cycleId: string, entries: readonly PendingMessage[]): Promise<void> {
    const client = await this.tables.table(TABLES.pendingWork);
    const unique = new Map(entries.map((e) => [e.key, e]));
    await submitInBatches(
      client,
      [...unique.values()].map((e): TransactionAction => [
        "upsert",
        { partitionKey: cycleId, rowKey: safeKey(e.key), queue: e.queue, message: JSON.stringify(e.message) },
        "Replace",
      ]),
    );
  }

  async remove(cycleId: string, key: string): Promise<void> {
    const client = await this.tables.table(TABLES.pendingWork);
    try {
      await client.deleteEntity(cycleId, safeKey(key));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** The messages a step queued in this cycle that are not done yet. */
  async byOrigin(cycleId: string, origin: string): Promise<PendingMessage[]> {
    const client = await this.tables.table(TABLES.pendingWork);
    const from = `${safeKey(origin)}|`;
    const to = `${safeKey(origin)}}`; // "}" sorts right after "|"
    const filter = odata`PartitionKey eq ${cycleId} and RowKey ge ${from} and RowKey lt ${to}`;
    const out: PendingMessage[] = [];
    for await (const e of client.listEntities<Entity>({ queryOptions: { filter } })) {
      if (e.queue && e.message) out.push({ key: e.rowKey, queue: e.queue, message: JSON.parse(e.message) as object });
    }
    return out;
  }

  async count(cycleId: string): Promise<number> {
    const client = await this.tables.table(TABLES.pendingWork);
    let n = 0;
    const filter = odata`PartitionKey eq ${cycleId}`;
    for await (const _ of client.listEntities({ queryOptions: { filter, select: ["RowKey"] } })) n++;
    return n;
  }
}
