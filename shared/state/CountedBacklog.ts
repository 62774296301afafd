import { ConcurrentWriteError } from "../errors";
import type { ShardState } from "./backlogCount";
import {
  countFromShards,
  deletePlan,
  HEAD_ROWS,
  headShows,
  insertPlan,
  repairPlan,
  shardState,
  tidyPlan,
} from "./backlogCount";
import { chunk, forEachLimit } from "./batches";
import { COUNTER_SHARDS, isShardKey, SHARD_PREFIX, SHARD_RANGE_END, shardKey, shardOf } from "./counterShards";
import { safeKey } from "./keys";
import type { PartitionRows, PartitionSource, RowProps, StoredRow } from "./PartitionRows";
import { MAX_TRANSACTION_ACTIONS } from "./PartitionRows";
import type { PendingMessage } from "./PendingWorkRepository";
import { ShardCache } from "./ShardCache";
import { isConflict, isNotFound, isPreconditionFailed } from "./tableErrors";

/** Re-reads after losing a race for a shard before giving up (the message is then retried with backoff). */
const MAX_ATTEMPTS = 30;
/** Transactions written at once by one add. */
const PARALLEL_BATCHES = 4;

/**
 * The cycle's backlog (partition = cycle) with its count kept as a sharded counter in the same partition, so that
 * counting it costs one or two small queries however large the backlog or the tenant is.
 *
 * Why the count cannot drift: a row is inserted only together with +1 on a shard and deleted only together with -1 on a
 * shard, in one transaction guarded by that shard's ETag. A duplicate add finds its row there (409) and adds nothing; a
 * duplicate or late remove finds no row (404) and takes nothing off; a crash falls before or after a transaction, never
 * inside; an add or remove retried after a commit whose answer was lost meets the same 409 or 404. So the shards always
 * sum to the rows. Which shard does not matter: a writer that finds its shard moved tries the next, so concurrent
 * instances rarely wait on one another.
 *
 * What it cannot see, and how that corrects itself: rows written without the counter (by a version before it). They
 * only ever make the sum too small. Whenever the sum says zero or less, `count` proves emptiness from the partition's
 * head before answering 0 (headShows); rows found there are counted by one scan and the shards repaired. So the
 * backlog never reads 0, and no cycle is declared converged, while a row remains. A drained partition's shards are
 * deleted by the count that first finds it empty, so a finished cycle leaves no row behind.
 */
export class CountedBacklog {
  /** The shards this process wrote last: a write can skip reading its shard (ShardCache). */
  private readonly cache = new ShardCache<number>();

  constructor(private readonly partitions: PartitionSource) {}

  async add(cycleId: string, entries: readonly PendingMessage[]): Promise<void> {
    const p = await this.partitions(cycleId);
    const rows = new Map<string, { rowKey: string; props: RowProps }>();
    for (const e of entries) {
      const rowKey = safeKey(e.key);
      rows.set(rowKey, { rowKey, props: { queue: e.queue, message: JSON.stringify(e.message) } });
    }
    const batches = chunk([...rows.values()], MAX_TRANSACTION_ACTIONS - 1);
    await forEachLimit(batches, PARALLEL_BATCHES, (batch) => this.insert(p, batch));
  }

  /** Removes a row; true when its shard is 0 after it (the backlog may be empty now: count it to know). */
  async remove(cycleId: string, key: string): Promise<boolean> {
    const p = await this.partitions(cycleId);
    const rowKey = safeKey(key);
    let index = shardOf(rowKey);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const { shard, cached } = await this.shard(p, index);
      try {
        const etags = await p.transact(deletePlan(rowKey, index, shard));
        const left = (shard?.n ?? 0) - 1;
        this.cache.set(p.partitionKey, shardKey(index), left, etags.get(shardKey(index)));
        return left <= 0;
      } catch (e) {
        this.cache.drop(p.partitionKey, shardKey(index));
        if (isPreconditionFailed(e) || isConflict(e)) {
          if (!cached) index = (index + 1) % COUNTER_SHARDS; // lost a race for it: the next shard
          continue;
        }
        if (!isNotFound(e)) throw e;
        if (!(await p.get(rowKey))) return false; // the row is gone (a duplicate or late remove): nothing to take off
      }
    }
    throw new ConcurrentWriteError(`The backlog shards of ${key} kept changing.`);
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

  /** Inserts rows (at most 99) with a shard's update; rows already there are left out (they were counted). */
  private async insert(p: PartitionRows, rows: readonly { rowKey: string; props: RowProps }[]): Promise<void> {
    let left = rows;
    let index = shardOf(rows[0]?.rowKey ?? "");
    for (let attempt = 0; attempt < MAX_ATTEMPTS && left.length > 0; attempt++) {
      const { shard, cached } = await this.shard(p, index);
      try {
        const etags = await p.transact(insertPlan(index, shard, left));
        this.cache.set(p.partitionKey, shardKey(index), (shard?.n ?? 0) + left.length, etags.get(shardKey(index)));
        return;
      } catch (e) {
        this.cache.drop(p.partitionKey, shardKey(index));
        if (isPreconditionFailed(e) || isNotFound(e)) {
          if (!cached) index = (index + 1) % COUNTER_SHARDS; // lost a race for it, or it was tidied: the next one
          continue;
        }
        if (!isConflict(e)) throw e;
        // 409: the shard was created meanwhile (we tried to create it), or a row is there already (a duplicate add, or
        // our own commit whose answer was lost). Rows that are there were counted when inserted: keep only the others.
        if (!shard && (await p.get(shardKey(index)))) continue; // the shard was created meanwhile: try again
        const present = await Promise.all(left.map((r) => p.get(r.rowKey)));
        left = left.filter((_, i) => !present[i]);
      }
    }
    if (left.length > 0) throw new ConcurrentWriteError("The backlog shards kept changing while queueing work.");
  }

  /** The shard as this process last wrote it (no read), or as read now. */
  private async shard(p: PartitionRows, index: number): Promise<{ shard: ShardState | undefined; cached: boolean }> {
    const hit = this.cache.get(p.partitionKey, shardKey(index));
    if (hit) return { shard: { n: hit.value, etag: hit.etag }, cached: true };
    return { shard: shardState(await p.get(shardKey(index))), cached: false };
  }

  /** The head proved the partition empty: its shards go (see tidyPlan). Lost races are left to the next count. */
  private async tidy(p: PartitionRows, head: readonly StoredRow[]): Promise<void> {
    const plan = tidyPlan(head);
    if (plan.zeroAll) {
      try {
        await p.transact(plan.zeroAll);
      } catch (e) {
        if (!isPreconditionFailed(e) && !isNotFound(e)) throw e;
      }
    }
    for (const s of plan.drop) await p.deleteIf(s.rowKey, s.etag);
  }

  /** Counts the rows by a scan and sets the shards to it (repairPlan); a lost race is left to the next count. */
  private async repair(p: PartitionRows, shards: readonly StoredRow[]): Promise<number> {
    let truth = 0;
    for await (const k of p.keys()) if (!isShardKey(k)) truth++;
    try {
      await p.transact(repairPlan(shards, truth));
    } catch (e) {
      if (!isPreconditionFailed(e) && !isConflict(e) && !isNotFound(e)) throw e;
    }
    return truth;
  }
}
