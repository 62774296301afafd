import { ConcurrentWriteError } from "../errors";
import { forEachLimit } from "./batches";
import { COUNTER_SHARDS, SHARD_PREFIX, SHARD_RANGE_END, shardKey, shardOf } from "./counterShards";
import type { HeldRemoval, HeldRemovalState } from "./HeldRemoval";
import { safeKey } from "./keys";
import type { PartitionRows, PartitionSource, RowAction, StoredRow } from "./PartitionRows";
import type { RemovalCounts } from "./removalCounts";
import { addCounts, countRows, countsDelta, hasNegative, parseCounts, zeroCounts } from "./removalCounts";
import { isConflict, isNotFound, isPreconditionFailed } from "./tableErrors";

const MAX_ATTEMPTS = 30;
/** Rows written at once by `put`. */
const PARALLEL_ROWS = 8;
/** The row that says the shards were counted from the rows (and kept with them since). */
const EXACT_KEY = `${SHARD_PREFIX}exact`;

/** What a write does with the row as it finds it: write this, delete it (null), or leave it ("keep"). */
type Decision = HeldRemoval | null | "keep";

/**
 * The deletion guard's removal rows (partition = job, `User_<id>`, `Group_<id>`) with their counts by kind and state
 * kept as a sharded counter in the same partition, so that the status counts the staged removals, and the guard the
 * held ones, in one small query however many there are.
 *
 * Why the counts cannot drift: every change of a row is one transaction that writes the row (under its ETag, or as a
 * create) together with its shard's update by the change of state (under the shard's ETag); a write that changes no
 * state leaves the shard alone. A delete cannot quote the row's ETag in a transaction, so it is guarded by the shard's
 * alone: the row it decided from is read again after the shard was read (any change of state after that changes the
 * shard and fails the transaction). A writer that lost a race re-reads and decides again from what it finds, so a
 * repeated or retried write counts only the change it actually makes.
 *
 * Rows written by a version before the counter are counted once: until a recount has set the shards from the rows (and
 * written EXACT_KEY in the same transaction, all shards under their ETags), `counts` recounts; and a count below zero,
 * which only such rows can cause, makes it recount again. Cost: one scan of the job's removal rows per upgrade.
 */
export class CountedRemovals {
  constructor(private readonly partitions: PartitionSource) {}

  async get(jobId: string, objectType: HeldRemoval["objectType"], objectId: string): Promise<HeldRemoval | undefined> {
    const p = await this.partitions(jobId);
    return parseRow(await p.get(rowKey(objectType, objectId)));
  }

  /** Stages a removal; a held one stays held (its evidence refreshed), anything else becomes staged. */
  stage(jobId: string, removal: HeldRemoval): Promise<void> {
    return this.write(jobId, removal.objectType, removal.objectId, (current) =>
      current?.state === "held"
        ? { ...current, evidence: removal.evidence, ...(removal.slackId ? { slackId: removal.slackId } : {}) }
        : { ...removal, state: "staged" },
    );
  }

  async put(jobId: string, removals: readonly HeldRemoval[]): Promise<void> {
    await forEachLimit(removals, PARALLEL_ROWS, (r) => this.write(jobId, r.objectType, r.objectId, () => r));
  }

  remove(
    jobId: string,
    objectType: HeldRemoval["objectType"],
    objectId: string,
    onlyIf?: HeldRemovalState,
  ): Promise<void> {
    return this.write(jobId, objectType, objectId, (current) =>
      !current || (onlyIf !== undefined && current.state !== onlyIf) ? "keep" : null,
    );
  }

  /** The removals by kind and state: one query (a scan of the rows only before the first recount). */
  async counts(jobId: string): Promise<RemovalCounts> {
    const p = await this.partitions(jobId);
    let truth: RemovalCounts | undefined;
    for (let attempt = 0; attempt < 5; attempt++) {
      const rows = await p.range(SHARD_PREFIX, SHARD_RANGE_END);
      const exact = rows.find((r) => r.rowKey === EXACT_KEY);
      const shards = rows.filter((r) => r.rowKey !== EXACT_KEY);
      const sum = shards.reduce((s, r) => addCounts(s, parseCounts(r.props.json)), zeroCounts());
      if (exact && !hasNegative(sum)) return sum;
      const recount = await this.recount(p, shards, exact);
      truth = recount.truth;
      if (recount.settled) return truth;
    }
    return truth ?? zeroCounts();
  }

  /**
   * Counts the rows and sets every shard to its bucket's count in one transaction, with the mark that the counts are
   * exact: each shard replaced under the ETag read before the scan began, or created if it did not exist then, so the
   * transaction fails if any row changed between that read and the end of the scan. Lost to a concurrent write: not
   * settled (the caller reads again).
   */
  private async recount(
    p: PartitionRows,
    shards: readonly StoredRow[],
    exact: StoredRow | undefined,
  ): Promise<{ truth: RemovalCounts; settled: boolean }> {
    const buckets = Array.from({ length: COUNTER_SHARDS }, () => [] as HeldRemoval[]);
    for (const type of ["User", "Group"] as const) {
      for (const row of await p.range(`${type}_`, `${type}\``)) {
        const r = parseRow(row);
        if (r) buckets[shardOf(row.rowKey)]?.push(r);
      }
    }
    const read = new Map(shards.map((r) => [r.rowKey, r]));
    const actions: RowAction[] = [];
    let truth = zeroCounts();
    buckets.forEach((rows, index) => {
      const want = countRows(rows);
      truth = addCounts(truth, want);
      const key = shardKey(index);
      const have = read.get(key);
      // Every shard, even one that stays as it is: its ETag (or its absence, for a create) is what proves that no row
      // of its bucket changed while the rows were read.
      const props = { json: JSON.stringify(want) };
      actions.push(
        have ? { kind: "replace", rowKey: key, props, etag: have.etag } : { kind: "create", rowKey: key, props },
      );
    });
    const mark = { at: new Date() };
    actions.push(
      exact
        ? { kind: "replace", rowKey: EXACT_KEY, props: mark, etag: exact.etag }
        : { kind: "create", rowKey: EXACT_KEY, props: mark },
    );
    try {
      await p.transact(actions);
      return { truth, settled: true };
    } catch (e) {
      if (isPreconditionFailed(e) || isConflict(e) || isNotFound(e)) return { truth, settled: false };
      throw e;
    }
  }

  /** Reads the row and its shard, decides, and writes both in one transaction; again from the start on a lost race. */
  private async write(
    jobId: string,
    objectType: HeldRemoval["objectType"],
    objectId: string,
    decide: (current: HeldRemoval | undefined) => Decision,
  ): Promise<void> {
    const p = await this.partitions(jobId);
    const key = rowKey(objectType, objectId);
    const index = shardOf(key);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const [row, shardRow] = await Promise.all([p.get(key), p.get(shardKey(index))]);
      const current = parseRow(row);
      const next = decide(current);
      if (next === "keep" || (next === null && !row)) return;
      // A delete carries no ETag (the SDK sends a transaction's deletes with If-Match: *), so only the shard's ETag
      // guards it, and that only against changes made after the shard was read. The two reads above run side by side:
      // the row may have been read before a change of its state that committed before the shard was read, and the
      // delete would then take the row off from a state it no longer has. So a delete reads the row again, now that
      // the shard has been read, and goes ahead only if the row is still the one it decided on.
      if (next === null && (await p.get(key))?.etag !== row?.etag) continue;
      const actions: RowAction[] = [];
      if (next === null) actions.push({ kind: "delete", rowKey: key });
      else {
        const props = { state: next.state, json: JSON.stringify(next) };
        actions.push(
          row ? { kind: "replace", rowKey: key, props, etag: row.etag } : { kind: "create", rowKey: key, props },
        );
      }
      const delta = countsDelta(objectType, current?.state, next?.state);
      if (delta) {
        const props = { json: JSON.stringify(addCounts(parseCounts(shardRow?.props.json), delta)) };
        const shard = shardKey(index);
        actions.push(
          shardRow
            ? { kind: "replace", rowKey: shard, props, etag: shardRow.etag }
            : { kind: "create", rowKey: shard, props },
        );
      }
      try {
        await p.transact(actions);
        return;
      } catch (e) {
        // Changed (412), created (409) or deleted (404) by another writer since it was read: read it again.
        if (!isPreconditionFailed(e) && !isConflict(e) && !isNotFound(e)) throw e;
      }
    }
    throw new ConcurrentWriteError(`The removal row of ${objectType} ${objectId} kept changing.`);
  }
}

function rowKey(objectType: HeldRemoval["objectType"], objectId: string): string {
  return `${objectType}_${safeKey(objectId)}`;
}

function parseRow(row: StoredRow | undefined): HeldRemoval | undefined {
  const text = row?.props.json;
  return typeof text === "string" ? (JSON.parse(text) as HeldRemoval) : undefined;
}
