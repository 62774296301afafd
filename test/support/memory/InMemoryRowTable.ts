import type {
  PartitionRows,
  PartitionSource,
  RowAction,
  RowProps,
  StoredRow,
} from "../../../shared/state/PartitionRows";
import { MAX_TRANSACTION_ACTIONS } from "../../../shared/state/PartitionRows";
import { InMemoryTableError } from "./InMemoryTableError";

/** Where a test steps in: before each storage call (to interleave callers), and to make a call fail. */
export interface RowTableHooks {
  /** Awaited before each call reaches the table: a scheduler decides who goes next here. */
  before?(call: string): Promise<void>;
  /**
   * A fault for this call: "before" rejects it without applying it (a crash or an outage before the write), "after"
   * applies it and then rejects (the answer lost: the caller cannot tell that it committed).
   */
  fault?(call: string): "before" | "after" | undefined;
}

/** The error a faulted call rejects with (a 503, which no counted store takes for a lost race). */
export class InjectedFault extends InMemoryTableError {
  constructor(call: string) {
    super(503, `Injected fault in ${call}.`);
  }
}

interface Row {
  etag: string;
  props: RowProps;
}

/**
 * A table in memory with Table Storage's semantics for what PartitionRows offers: ETags that change on every write,
 * conditional writes that fail with 404, 409 or 412, and transactions that apply all of their actions or none. Rows are
 * listed in ordinal key order. Hooks let a test interleave concurrent callers and inject faults at any call.
 */
export class InMemoryRowTable {
  private readonly partitions = new Map<string, Map<string, Row>>();
  private version = 0;

  constructor(private readonly hooks: RowTableHooks = {}) {}

  readonly source: PartitionSource = (partitionKey) => Promise.resolve(new InMemoryPartitionRows(this, partitionKey));

  /** The rows of a partition in key order (for assertions). */
  rows(partitionKey: string): StoredRow[] {
    return [...(this.partitions.get(partitionKey) ?? new Map<string, Row>())]
      .sort(([a], [b]) => ordinal(a, b))
      .map(([rowKey, r]) => ({ rowKey, etag: r.etag, props: r.props }));
  }

  /** Every row's key and properties, by partition in key order (to compare a table before and after a use case). */
  dump(): { partitionKey: string; rowKey: string; props: RowProps }[] {
    return [...this.partitions.keys()]
      .sort(ordinal)
      .flatMap((pk) => this.rows(pk).map((r) => ({ partitionKey: pk, rowKey: r.rowKey, props: r.props })));
  }

  /** Writes a row directly, as a version without counters would (for tests of the repairs). */
  putRaw(partitionKey: string, rowKey: string, props: RowProps): void {
    this.partition(partitionKey).set(rowKey, { etag: this.nextEtag(), props });
  }

  /** Runs one call: the `before` hook, a fault if one is due, the call itself. */
  async call<T>(name: string, run: () => T, writes: boolean): Promise<T> {
    await this.hooks.before?.(name);
    const planned = this.hooks.fault?.(name);
    // A read that fails after it ran is a read that failed: only writes can commit without an answer.
    const fault = writes || planned === "before" ? planned : undefined;
    if (fault === "before") throw new InjectedFault(name);
    const result = run();
    if (fault === "after") throw new InjectedFault(name);
    return result;
  }

  partition(partitionKey: string): Map<string, Row> {
    let p = this.partitions.get(partitionKey);
    if (!p) {
      p = new Map();
      this.partitions.set(partitionKey, p);
    }
    return p;
  }

  nextEtag(): string {
    return `W/"${++this.version}"`;
  }
}

class InMemoryPartitionRows implements PartitionRows {
  constructor(
    private readonly table: InMemoryRowTable,
    readonly partitionKey: string,
  ) {}

  private get rows(): Map<string, Row> {
    return this.table.partition(this.partitionKey);
  }

  get(rowKey: string): Promise<StoredRow | undefined> {
    return this.table.call(
      `get ${rowKey}`,
      () => {
        const r = this.rows.get(rowKey);
        return r ? { rowKey, etag: r.etag, props: { ...r.props } } : undefined;
      },
      false,
    );
  }

  range(from: string, to: string, limit = Number.MAX_SAFE_INTEGER): Promise<StoredRow[]> {
    return this.table.call(
      `range ${from}..${to}`,
      () =>
        this.sorted()
          .filter((r) => r.rowKey >= from && r.rowKey < to)
          .slice(0, limit),
      false,
    );
  }

  head(limit: number): Promise<{ rows: StoredRow[]; complete: boolean }> {
    return this.table.call(
      "head",
      () => {
        const all = this.sorted();
        return { rows: all.slice(0, limit), complete: all.length <= limit };
      },
      false,
    );
  }

  async *keys(): AsyncIterable<string> {
    const keys = await this.table.call("keys", () => this.sorted().map((r) => r.rowKey), false);
    yield* keys;
  }

  transact(actions: readonly RowAction[]): Promise<ReadonlyMap<string, string>> {
    return this.table.call(
      `transact ${actions.map((a) => `${a.kind} ${a.rowKey}`).join(", ")}`,
      () => {
        if (actions.length > MAX_TRANSACTION_ACTIONS) throw new InMemoryTableError(400, "Too many actions.");
        if (new Set(actions.map((a) => a.rowKey)).size !== actions.length) {
          throw new InMemoryTableError(400, "A transaction names a row twice.");
        }
        for (const a of actions) this.check(a);
        const etags = new Map<string, string>();
        for (const a of actions) {
          if (a.kind === "delete") this.rows.delete(a.rowKey);
          else {
            const etag = this.table.nextEtag();
            // Replace and upsert merge, as Table Storage's Merge does: properties the row has and `props` omits stay.
            const kept = a.kind === "create" ? {} : (this.rows.get(a.rowKey)?.props ?? {});
            this.rows.set(a.rowKey, { etag, props: { ...kept, ...a.props } });
            etags.set(a.rowKey, etag);
          }
        }
        return etags;
      },
      true,
    );
  }

  deleteIf(rowKey: string, etag: string): Promise<boolean> {
    return this.table.call(
      `deleteIf ${rowKey}`,
      () => {
        if (this.rows.get(rowKey)?.etag !== etag) return false;
        this.rows.delete(rowKey);
        return true;
      },
      true,
    );
  }

  private check(a: RowAction): void {
    const row = this.rows.get(a.rowKey);
    if (a.kind === "create" && row) throw new InMemoryTableError(409, `EntityAlreadyExists: ${a.rowKey}`);
    if ((a.kind === "replace" || a.kind === "delete") && !row) {
      throw new InMemoryTableError(404, `ResourceNotFound: ${a.rowKey}`);
    }
    if (a.kind === "replace" && row && row.etag !== a.etag) {
      throw new InMemoryTableError(412, `UpdateConditionNotSatisfied: ${a.rowKey}`);
    }
  }

  private sorted(): StoredRow[] {
    return this.table.rows(this.partitionKey);
  }
}

function ordinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
