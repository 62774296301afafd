import { ConcurrentWriteError } from "../errors";
import type { ActivityRecord } from "./ActivityRecord";
import { COUNTER_SHARDS, SHARD_PREFIX, SHARD_RANGE_END, shardKey, shardOf } from "./counterShards";
import type { CycleTally, LatestRecord, RejectedEntry, TallyShard } from "./cycleTally";
import {
  emptyShard,
  latestAfter,
  latestKey,
  planTally,
  REJECTED_PREFIX,
  REJECTED_RANGE_END,
  tallyOf,
  wasCounted,
} from "./cycleTally";
import { safeKey } from "./keys";
import type { PartitionSource, RowAction, RowProps, StoredRow } from "./PartitionRows";
import { ShardCache } from "./ShardCache";
import { isConflict, isNotFound, isPreconditionFailed } from "./tableErrors";

/** Re-reads after losing a race for a row before giving up (the append then fails like any storage error). */
const MAX_ATTEMPTS = 30;

/** The partition of a cycle's tally in the CycleTally table (tallies before that table sat in the activity table). */
export function tallyPartitionKey(jobId: string, cycleId: string): string {
  return `${jobId}_cycle_${safeKey(cycleId)}`;
}

/**
 * A cycle's tally (cycleTally.ts), kept in one partition per cycle as records are appended: sharded counter rows
 * (counts by action and status, rejected objects, last time), one row per object with its latest record and the keys of
 * its records counted so far, and one row per rejected object (sorted by identity). A cycle holds about one row per
 * object it touched: its rows grow with the changes, not with the records (each record used to leave a marker row).
 *
 * Why it cannot drift: each record is counted in one transaction that writes the object's latest row (with the
 * record's key added) and its shard under the ETags they were read with. Counting the same record again (a retry after
 * a lost answer, a second append of the same record) finds its key in the latest row and changes nothing; two records
 * of one object, or of one shard, racing each other make one of them re-read and re-plan. Out-of-order records are
 * counted but do not replace a newer latest record (planTally), so the rejected rows and their count follow each
 * object's newest record whatever the order of arrival. The latest row remembers its object's newest COUNTED_MEMORY
 * keys: a count retried after that many later records of the same object in the same cycle would count twice.
 *
 * Where it can: the record's own rows are written first (ActivityLog), then its tally. A process that dies between the
 * two leaves that record uncounted; its message runs again and its new record is counted. So a crash can leave one
 * record per crash out of the counts (never count one twice), and the rejected rows follow the latest counted record.
 * Rows carry `at` (the time of the record they stand for), so the activity purge removes them with the records.
 */
export class CycleTallyLedger {
  /** The shards this process wrote last: a count can skip reading its shard (ShardCache). */
  private readonly cache = new ShardCache<TallyShard>();

  constructor(private readonly partitions: PartitionSource) {}

  /** Counts one record (`recordKey`: its row key in the activity log, unique per record). Idempotent. */
  async count(record: ActivityRecord, recordKey: string): Promise<void> {
    const p = await this.partitions(tallyPartitionKey(record.jobId, record.cycleId));
    const objectRow = record.objectType === "Job" ? undefined : latestKey(record);
    const gone = new Set<string>();
    let index = shardOf(objectRow ?? record.jobId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const shardRow = shardKey(index);
      const hit = this.cache.get(p.partitionKey, shardRow);
      const [latestRead, shardRead] = await Promise.all([
        // A create is most often the object's first record in the cycle: its first attempt takes the object's row to
        // be absent (and creates it); if it is there (a second record, or this one counted already), the transaction
        // fails (409) and the next attempt reads it. Any other record reads the row first: it often follows the
        // object's create (a manager set after it), and a failed transaction costs more than a point read (on
        // Azurite, about 20 ms at 85,000 users).
        objectRow && (attempt > 0 || record.action !== "Create") ? p.get(objectRow) : undefined,
        hit ? undefined : p.get(shardRow),
      ]);
      const latest = parseJson<LatestRecord>(latestRead);
      if (wasCounted(latest, recordKey)) return;
      const shard = hit ? hit.value : parseShard(shardRead);
      const plan = planTally(record, latest, shard);
      // A job record only moves the last time: nothing to count, and nothing to do when it is not newer.
      if (!objectRow && plan.shard.lastAt === shard.lastAt) return;
      const at = new Date(record.at);
      const actions: RowAction[] = [];
      if (objectRow) {
        const next = latestAfter(plan, latest, recordKey);
        actions.push(write(objectRow, latestRead?.etag, json(next, new Date(next.at))));
      }
      if (plan.deleteRejected && !gone.has(plan.deleteRejected)) {
        actions.push({ kind: "delete", rowKey: plan.deleteRejected });
      }
      if (plan.putRejected) {
        actions.push({ kind: "upsert", rowKey: plan.putRejected.key, props: json(plan.putRejected.entry, at) });
      }
      const shardAt = new Date(plan.shard.lastAt ?? record.at);
      actions.push(write(shardRow, hit ? hit.etag : shardRead?.etag, json(plan.shard, shardAt)));
      try {
        const etags = await p.transact(actions);
        this.cache.set(p.partitionKey, shardRow, plan.shard, etags.get(shardRow));
        return;
      } catch (e) {
        this.cache.drop(p.partitionKey, shardRow);
        if (isPreconditionFailed(e) || isConflict(e)) {
          // Only the sum of the shards counts: a writer that lost a race for a shard it had read tries the next one.
          if (!hit) index = (index + 1) % COUNTER_SHARDS;
          continue;
        }
        if (!isNotFound(e)) throw e;
        // 404: a row read a moment ago is gone (the purge of an old cycle): the rejected row need not be deleted.
        if (plan.deleteRejected && !(await p.get(plan.deleteRejected))) gone.add(plan.deleteRejected);
      }
    }
    throw new ConcurrentWriteError(`The tally of cycle ${record.cycleId} kept changing while counting a record.`);
  }

  /** The cycle's tally with the first `limit` rejected objects: two small queries whatever the cycle's size. */
  async read(jobId: string, cycleId: string, limit: number): Promise<CycleTally> {
    const p = await this.partitions(tallyPartitionKey(jobId, cycleId));
    const [shards, rejected] = await Promise.all([
      p.range(SHARD_PREFIX, SHARD_RANGE_END),
      limit > 0 ? p.range(REJECTED_PREFIX, REJECTED_RANGE_END, limit) : Promise.resolve([]),
    ]);
    return tallyOf(
      shards.map((r) => parseShard(r)),
      rejected.map((r) => parseJson<RejectedEntry>(r)).filter((e): e is RejectedEntry => e !== undefined),
    );
  }
}

/** Creates the row (never read: absent), or replaces it under the ETag it was read with. */
function write(rowKey: string, etag: string | undefined, props: RowProps): RowAction {
  return etag !== undefined ? { kind: "replace", rowKey, props, etag } : { kind: "create", rowKey, props };
}

function json(value: object, at: Date): RowProps {
  return { json: JSON.stringify(value), at };
}

function parseJson<T>(row: StoredRow | undefined): T | undefined {
  const text = row?.props.json;
  return typeof text === "string" ? (JSON.parse(text) as T) : undefined;
}

function parseShard(row: StoredRow | undefined): TallyShard {
  return parseJson<TallyShard>(row) ?? emptyShard();
}
