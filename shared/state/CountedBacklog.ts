import { ConcurrentWriteError } from "../errors";
import {
  bucketCounts,
  byShard,
  countFromShards,
  deletePlan,
  HEAD_ROWS,
  headShows,
  insertPlan,
  shardAction,
  shardState,
} from "./backlogCount";
import { chunk, forEachLimit } from "./batches";
import { COUNTER_SHARDS, SHARD_PREFIX, SHARD_RANGE_END, shardKey, shardOf } from "./counterShards";
import { safeKey } from "./keys";
import type { PartitionRows, PartitionSource, RowProps, StoredRow } from "./PartitionRows";
import { MAX_TRANSACTION_ACTIONS } from "./PartitionRows";
import type { PendingMessage } from "./PendingWorkRepository";
import { isConflict, isNotFound, isPreconditionFailed } from "./tableErrors";

/** Re-reads after losing a race for a shard before giving up (the message is then retried with backoff). */
const MAX_ATTEMPTS = 30;
/** Shards written at once by one add. */
const PARALLEL_SHARDS = 8;

/**
 * The cycle's backlog (partition = cycle) with its count kept as a sharded counter in the same partition, so that
 * counting it costs one or two small queries however large the backlog or the tenant is.
 *
 * Why the count cannot drift: a row is inserted only together with +1 on its shard and deleted only together with -1,
 * in one transaction guarded by the shard's ETag. A duplicate add finds its row there (409) and adds nothing; a duplicate
 * or late remove finds no row (404) and takes nothing off; a crash falls before or after a transaction, never inside;
 * an add or remove retried after a commit whose answer was lost meets the same 409 or 404. So each shard equals the
 * number of rows of its bucket, and the sum is the backlog.
 *
 * What it cannot see, and how that corrects itself: rows written without the counter (by a version before it). They
 * only ever make the sum too small. Whenever the sum says zero or less, `count` proves emptiness from the partition's
 * head before answering 0 (see headShows); rows found there are counted by one scan and the shards repaired. So the
 * backlog never reads 0, and no cycle is declared converged, while a row remains.
 */
export class CountedBacklog {
  constructor(private readonly partitions: PartitionSource) {}

  async add(cycleId: string, entries: readonly PendingMessage[]): Promise<void> {
    const p = await this.partitions(cycleId);
    const rows = new Map<string, { rowKey: string; props: RowProps }>();
    for (const e of entries) {
      const rowKey = safeKey(e.key);
      rows.set(rowKey, { rowKey, props: { queue: e.queue, message: JSON.stringify(e.message) } });
    }
    const groups = [...byShard([...rows.values()])].flatMap(([index, shardRows]) =>
      chunk(shardRows, MAX_TRANSACTION_ACTIONS - 1).map((part) => ({ index, rows: part })),
    );
    await forEachLimit(groups, PARALLEL_SHARDS, (g) => this.insert(p, g.index, g.rows));
  }

  async remove(cycleId: string, key: string): Promise<void> {
    const p = await this.partitions(cycleId);
    const rowKey = safeKey(key);
    const index = shardOf(rowKey);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const shard = shardState(await p.get(shardKey(index)));
      try {
        await p.transact(deletePlan(rowKey, shard));
        if ((shard?.n ?? 0) === 1) await this.dropIfZero(p, index);
        return;
      } catch (e) {
        if (isPreconditionFailed(e) || isConflict(e)) continue; // the shard moved under us: read it again
        if (!isNotFound(e)) throw e;
        if (!(await p.get(rowKey))) return; // the row is gone (a duplicate or late remove): nothing to take off
      }
    }
    throw new ConcurrentWriteError(`The backlog shard of ${key} kept changing.`);
  }

  async byOrigin(cycleId: string, origin: string): Promise<PendingMessage[]> {
    const p = await this.partitions(cycleId);
    const rows = await p.range(`${safeKey(origin)}|`, `${safeKey(origin)}}`); // "}" sorts right after "|"
    const out: PendingMessage[] = [];
    for (const r of rows) {
      const { queue, message } = r.props;
      if (typeof queue === "string" && typeof message === "string") {
        out.push({ key: r.rowKey, queue, message: JSON.parse(message) as object });
      }
    }
    return out;
  }

  /** The backlog of the cycle: one query when it is empty, two otherwise (a repair scan only after an upgrade). */
  async count(cycleId: string): Promise<number> {
    const p = await this.partitions(cycleId);
    const head = await p.head(HEAD_ROWS);
    if (
      headShows(
        head.rows.map((r) => r.rowKey),
        head.complete,
      ) === "empty"
    ) {
      await this.tidy(p, head.rows);
      return 0;
    }
    const shards = await p.range(SHARD_PREFIX, SHARD_RANGE_END);
    const sum = shards.reduce((s, r) => s + (shardState(r)?.n ?? 0), 0);
    const read = countFromShards(sum);
    return read === "repair" ? this.repair(p, shards) : read.count;
  }

  /** Inserts rows of one shard (at most 99) with the shard's update; rows already there are left out (counted). */
  private async insert(p: PartitionRows, index: number, rows: readonly { rowKey: string; props: RowProps }[]) {
    let left = rows;
    for (let attempt = 0; attempt < MAX_ATTEMPTS && left.length > 0; attempt++) {
      const shard = shardState(await p.get(shardKey(index)));
      try {
        await p.transact(insertPlan(index, shard, left));
        return;
      } catch (e) {
        if (isPreconditionFailed(e) || isNotFound(e)) continue; // the shard moved or was tidied away
        if (!isConflict(e)) throw e;
        // 409: the shard was created meanwhile, or a row is there already (a duplicate add, or our own commit whose
        // answer was lost). Rows that are there were counted when inserted: keep only the others.
        const present = await Promise.all(left.map((r) => p.get(r.rowKey)));
        left = left.filter((_, i) => !present[i]);
      }
    }
    if (left.length > 0) throw new ConcurrentWriteError("The backlog shard kept changing while queueing work.");
  }

  /** Deletes a shard that counts nothing (a drained cycle leaves no rows behind); kept if it changed meanwhile. */
  private async dropIfZero(p: PartitionRows, index: number): Promise<void> {
    const row = await p.get(shardKey(index));
    if (row && shardState(row)?.n === 0) await p.deleteIf(row.rowKey, row.etag);
  }

  /**
   * The partition holds only shards (proved by its head): every one of them should count zero. Each is deleted under
   * the ETag it was read with: unchanged since the head was read means no row of its bucket was written since, so its
   * true count is 0. Left by a crash between a remove and its dropIfZero, or by rows written before the counter.
   */
  private async tidy(p: PartitionRows, shards: readonly StoredRow[]): Promise<void> {
    for (const s of shards) await p.deleteIf(s.rowKey, s.etag);
  }

  /**
   * Recounts from a scan and sets each shard to its bucket's count under the ETag read before the scan began: a shard
   * whose ETag held had no row of its bucket written during the scan, so the scan's count is its truth. A shard that
   * moved is left as it is, and one that was created during the scan is not looked at: either only makes the sum
   * lower than the rows, which the next count that reads zero or less repairs again. Answers the scan's count.
   */
  private async repair(p: PartitionRows, before: readonly StoredRow[]): Promise<number> {
    const keys: string[] = [];
    for await (const k of p.keys()) keys.push(k);
    const truth = bucketCounts(keys);
    const read = new Map(before.map((r) => [r.rowKey, r]));
    for (let index = 0; index < COUNTER_SHARDS; index++) {
      const row = read.get(shardKey(index));
      const shard = shardState(row);
      const want = truth[index] ?? 0;
      if (!shard && want === 0) continue; // nothing to count; a shard created meanwhile is checked by the next count
      try {
        // Written even when it already reads right: only a write under the ETag read before the scan proves that the
        // scan's count of its bucket still holds.
        await p.transact([shardAction(index, shard, want - (shard?.n ?? 0))]);
      } catch (e) {
        if (!isPreconditionFailed(e) && !isConflict(e) && !isNotFound(e)) throw e;
      }
    }
    return truth.reduce((s, n) => s + n, 0);
  }
}
