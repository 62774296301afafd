/** A row's own properties: the Table Storage property types the counted stores write. */
export type RowProps = Readonly<Record<string, string | number | boolean | Date>>;

/** A row as read, with the ETag a conditional write must quote. */
export interface StoredRow {
  rowKey: string;
  etag: string;
  props: RowProps;
}

/**
 * One write of an entity-group transaction. `create` fails (409) when the row exists; `replace` fails when the row
 * changed since `etag` (412) or is gone (404); `delete` fails (404) when the row is not there, and quotes no ETag (the
 * SDK sends a transaction's deletes with If-Match: *); `upsert` always applies. A `replace` or an `upsert` writes `props`
 * over the row's (Table Storage's Merge): a property the row has and `props` does not name is kept. A store that must
 * leave none over writes every property of a row each time (Azurite updates a merged row in place, where a Replace
 * deletes and re-inserts it at a cost that grows with the table).
 */
export type RowAction =
  | { kind: "create"; rowKey: string; props: RowProps }
  | { kind: "replace"; rowKey: string; props: RowProps; etag: string }
  | { kind: "upsert"; rowKey: string; props: RowProps }
  | { kind: "delete"; rowKey: string };

/** The most actions one transaction takes (Table Storage's entity-group transaction limit). */
export const MAX_TRANSACTION_ACTIONS = 100;

/**
 * One partition of a table, with what the counted stores need: point reads, bounded range reads, and atomic
 * transactions whose writes are conditional on ETags. A transaction applies all of its actions or none, and rejects
 * with the storage error of the first failed condition (its `statusCode`: 404, 409 or 412; see tableErrors.ts), so a
 * counter row updated in the same transaction as the row it counts can never disagree with it, whatever crashes or
 * races. Table Storage implements it (TablePartitionRows); test/support/memory has an in-memory one.
 */
export interface PartitionRows {
  readonly partitionKey: string;
  get(rowKey: string): Promise<StoredRow | undefined>;
  /** Rows with `from <= rowKey < to`, in key order, at most `limit` (default: all of them). */
  range(from: string, to: string, limit?: number): Promise<StoredRow[]>;
  /** The first rows of the partition in key order, at most `limit`; `complete` when the partition holds no others. */
  head(limit: number): Promise<{ rows: StoredRow[]; complete: boolean }>;
  /** Every row key of the partition (a scan: only for repairs). */
  keys(): AsyncIterable<string>;
  /**
   * Applies the actions atomically (at most MAX_TRANSACTION_ACTIONS, each row at most once), and answers the new ETag
   * of each row written (not of deleted ones), when the service gave it.
   */
  transact(actions: readonly RowAction[]): Promise<ReadonlyMap<string, string>>;
  /** Deletes the row if it still carries `etag`; false when it changed or is gone. */
  deleteIf(rowKey: string, etag: string): Promise<boolean>;
}

/** Opens a partition of one table by its key. */
export type PartitionSource = (partitionKey: string) => Promise<PartitionRows>;
