import { InMemoryTableError } from "./InMemoryTableError";

/** One action of a transaction: upsert (replace) a row, or delete one. */
export type InMemoryTableAction<T> = { upsert: string; value: T } | { delete: string };

/** Table transactions take at most 100 actions (see shared/state/batches). */
const MAX_BATCH = 100;

/**
 * The in-memory stand-in for one Table Storage table: rows by partition key and row key, listed as Table Storage lists
 * them (partition keys, then row keys, in ordinal string order). Values are whatever the adapter stores (keep them
 * immutable or clone them: callers must never get a reference to a stored value).
 */
export class InMemoryTable<T> {
  private readonly partitions = new Map<string, Map<string, T>>();

  get(partitionKey: string, rowKey: string): T | undefined {
    return this.partitions.get(partitionKey)?.get(rowKey);
  }

  has(partitionKey: string, rowKey: string): boolean {
    return this.partitions.get(partitionKey)?.has(rowKey) ?? false;
  }

  set(partitionKey: string, rowKey: string, value: T): void {
    let partition = this.partitions.get(partitionKey);
    if (!partition) {
      partition = new Map();
      this.partitions.set(partitionKey, partition);
    }
    partition.set(rowKey, value);
  }

  /** Deletes the row; false when there was none. */
  delete(partitionKey: string, rowKey: string): boolean {
    const partition = this.partitions.get(partitionKey);
    if (!partition?.delete(rowKey)) return false;
    if (partition.size === 0) this.partitions.delete(partitionKey);
    return true;
  }

  /**
   * Applies actions on one partition as submitInBatches does: transactions of at most 100 actions, each all-or-nothing,
   * and a transaction that deletes a row that is not there rejects (404) without changing anything.
   */
  submit(partitionKey: string, actions: readonly InMemoryTableAction<T>[]): Promise<void> {
    for (let i = 0; i < actions.length; i += MAX_BATCH) {
      const batch = actions.slice(i, i + MAX_BATCH);
      const missing = batch.find((a) => "delete" in a && !this.has(partitionKey, a.delete));
      if (missing && "delete" in missing) {
        return Promise.reject(
          new InMemoryTableError(
            404,
            `ResourceNotFound: the transaction deletes ${missing.delete}, which is not there.`,
          ),
        );
      }
      for (const a of batch) {
        if ("delete" in a) this.delete(partitionKey, a.delete);
        else this.set(partitionKey, a.upsert, a.value);
      }
    }
    return Promise.resolve();
  }

  /** The rows of one partition in row-key order. */
  partition(partitionKey: string): [string, T][] {
    return [...(this.partitions.get(partitionKey) ?? new Map<string, T>())].sort(([a], [b]) => ordinal(a, b));
  }

  /** Every row, in partition-key then row-key order. */
  rows(): { partitionKey: string; rowKey: string; value: T }[] {
    return [...this.partitions.keys()]
      .sort(ordinal)
      .flatMap((pk) => this.partition(pk).map(([rowKey, value]) => ({ partitionKey: pk, rowKey, value })));
  }

  /** Every row as JSON (Sets as sorted arrays), to compare a table's contents before and after a read-only use case. */
  dump(): string {
    return JSON.stringify(this.rows(), (_key, v: unknown) => (v instanceof Set ? [...(v as Set<string>)].sort() : v));
  }
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
