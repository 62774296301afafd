import { odata } from "@azure/data-tables";
import type { TableClient, TableEntityResult, TransactionAction } from "@azure/data-tables";
import type { PartitionRows, PartitionSource, RowAction, StoredRow } from "./PartitionRows";
import { isNotFound, isPreconditionFailed } from "./tableErrors";
import type { TableProvider } from "./TableProvider";

type Entity = Record<string, unknown>;

/** The properties Table Storage adds to every row, which are not the row's own. */
const SYSTEM = new Set(["partitionKey", "rowKey", "etag", "timestamp", "odata.etag", "odata.metadata"]);

/** PartitionRows on Table Storage: one partition of one table, through @azure/data-tables. */
export class TablePartitionRows implements PartitionRows {
  constructor(
    private readonly client: TableClient,
    readonly partitionKey: string,
  ) {}

  async get(rowKey: string): Promise<StoredRow | undefined> {
    try {
      return stored(await this.client.getEntity<Entity>(this.partitionKey, rowKey));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async range(from: string, to: string, limit = Number.MAX_SAFE_INTEGER): Promise<StoredRow[]> {
    const filter = odata`PartitionKey eq ${this.partitionKey} and RowKey ge ${from} and RowKey lt ${to}`;
    return (await this.read(filter, limit)).rows;
  }

  head(limit: number): Promise<{ rows: StoredRow[]; complete: boolean }> {
    return this.read(odata`PartitionKey eq ${this.partitionKey}`, limit);
  }

  async *keys(): AsyncIterable<string> {
    const filter = odata`PartitionKey eq ${this.partitionKey}`;
    for await (const e of this.client.listEntities({ queryOptions: { filter, select: ["RowKey"] } })) {
      if (e.rowKey !== undefined) yield e.rowKey;
    }
  }

  async transact(actions: readonly RowAction[]): Promise<ReadonlyMap<string, string>> {
    const etags = new Map<string, string>();
    if (actions.length === 0) return etags;
    const response = await this.client.submitTransaction(actions.map((a) => this.action(a)));
    // The sub-responses come in the order of the actions (a changeset's order).
    response.subResponses.forEach((r, i) => {
      const a = actions[i];
      if (a && a.kind !== "delete" && r.etag) etags.set(a.rowKey, r.etag);
    });
    return etags;
  }

  async deleteIf(rowKey: string, etag: string): Promise<boolean> {
    try {
      await this.client.deleteEntity(this.partitionKey, rowKey, { etag });
      return true;
    } catch (e) {
      if (isNotFound(e) || isPreconditionFailed(e)) return false;
      throw e;
    }
  }

  private action(a: RowAction): TransactionAction {
    const entity = { ...(a.kind !== "delete" ? a.props : {}), partitionKey: this.partitionKey, rowKey: a.rowKey };
    switch (a.kind) {
      case "create":
        return ["create", entity];
      case "replace":
        // Sent as a Merge: every store on PartitionRows writes a row's whole shape each time, so the row ends as a
        // Replace would leave it, and Azurite merges in place where it deletes and re-inserts on a Replace (its
        // indexes then move every later entry: the cost of a replace grows with the table).
        return ["update", entity, "Merge", { etag: a.etag }];
      case "upsert":
        // A Merge too (see PartitionRows): a row that exists is updated in place, not deleted and re-inserted.
        return ["upsert", entity, "Merge"];
      case "delete":
        // The SDK sends a transaction's deletes with If-Match: * (404 when the row is gone).
        return ["delete", entity];
    }
  }

  /** Rows matching the filter in key order, at most `limit`; `complete` when no further row matches. */
  private async read(filter: string, limit: number): Promise<{ rows: StoredRow[]; complete: boolean }> {
    const rows: StoredRow[] = [];
    const pages = this.client
      .listEntities<Entity>({ queryOptions: { filter } })
      .byPage({ maxPageSize: Math.max(1, Math.min(1000, limit)) });
    for await (const page of pages) {
      for (const e of page as TableEntityResult<Entity>[]) {
        if (rows.length === limit) return { rows, complete: false };
        rows.push(stored(e));
      }
      // A page may hold fewer rows than asked for (the service stops at partition and time boundaries): read on.
      if (rows.length === limit && page.continuationToken !== undefined) return { rows, complete: false };
    }
    return { rows, complete: true };
  }
}

/** Opens partitions of one table (the counted stores' view of a TableProvider). */
export function tablePartitions(tables: TableProvider, table: string): PartitionSource {
  return async (partitionKey) => new TablePartitionRows(await tables.table(table), partitionKey);
}

function stored(e: TableEntityResult<Entity>): StoredRow {
  const props: Record<string, string | number | boolean | Date> = {};
  for (const [k, v] of Object.entries(e)) {
    if (SYSTEM.has(k)) continue;
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) props[k] = v;
  }
  return { rowKey: e.rowKey ?? "", etag: e.etag, props };
}
