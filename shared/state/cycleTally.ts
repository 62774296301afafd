import type { ActivityRecord } from "./ActivityRecord";
import { safeKey } from "./keys";

/**
 * The tally of a cycle's activity records, kept as they are appended (CycleTallyLedger) so that the status reads it in
 * two small queries instead of reading the cycle's records: counts by action and status for users and for groups,
 * the objects whose latest record of the cycle is a rejection, and the time of the cycle's last record. This file is
 * the pure part: how one record changes the tally, and how shards add up.
 */

export interface ChangeCounts {
  byAction: Record<string, number>;
  byStatus: Record<string, number>;
  total: number;
}

/** One shard of a cycle's tally (their sum is the tally). */
export interface TallyShard {
  users: ChangeCounts;
  groups: ChangeCounts;
  /** Objects of this shard whose latest record of the cycle is a rejection. */
  rejected: number;
  /** The newest record of the cycle this shard saw (any object type). */
  lastAt?: string;
}

/**
 * The latest record of one object in the cycle, the key of its rejected row while it is rejected, and the keys of the
 * object's records counted so far (the newest COUNTED_MEMORY of them), so that counting one again changes nothing.
 */
export interface LatestRecord {
  at: string;
  changeId: string;
  rejectedKey?: string;
  counted?: string[];
}

/**
 * How many of an object's counted records its latest row remembers. A record is counted again only when its count is
 * retried (a lost answer, a message run again) after this many later records of the same object were counted in the
 * same cycle; an object gets a few records a cycle, and a retry follows within minutes.
 */
export const COUNTED_MEMORY = 64;

/** An object whose latest record of the cycle failed or was skipped with an error code (held, invalid, …). */
export interface RejectedEntry {
  objectType: "User" | "Group";
  objectId: string;
  identity?: string;
  errorCode: string;
  reason: string;
}

/** What the status shows of a cycle's records. */
export interface CycleTally {
  counts: ChangeCounts;
  groupCounts: ChangeCounts;
  /** The first rejected objects (by identity), at most the limit asked for. */
  rejected: RejectedEntry[];
  /** How many objects are rejected in all. */
  rejectedTotal: number;
  lastAt?: string;
}

/**
 * Row key prefixes of a cycle's tally partition (shards use counterShards' prefix). `c|` was a marker row per counted
 * record before the latest rows remembered their records' keys; the purge still removes such rows by their time.
 */
export const LATEST_PREFIX = "l|";
export const REJECTED_PREFIX = "r|";
/** The end of the rejected rows' key range ("}" sorts right after "|"). */
export const REJECTED_RANGE_END = "r}";

const emptyCounts = (): ChangeCounts => ({ byAction: {}, byStatus: {}, total: 0 });

export function emptyShard(): TallyShard {
  return { users: emptyCounts(), groups: emptyCounts(), rejected: 0 };
}

/** The status's rule: a record rejects its object when it failed, or was skipped with an error code. */
export function isRejection(r: ActivityRecord): boolean {
  return r.status === "Failure" || (r.status === "Skipped" && r.errorCode !== undefined);
}

/** The key of the object's latest-record row. */
export function latestKey(r: Pick<ActivityRecord, "objectType" | "objectId">): string {
  return `${LATEST_PREFIX}${r.objectType}_${safeKey(r.objectId)}`;
}

/** The key of the object's rejected row: sorted by identity (case-folded), unique by object. */
export function rejectedKey(r: Pick<ActivityRecord, "objectType" | "objectId" | "identity">): string {
  const name = (r.identity ?? r.objectId).toLowerCase().slice(0, 200);
  return `${REJECTED_PREFIX}${safeKey(name)}|${r.objectType}_${safeKey(r.objectId)}`;
}

export function rejectedEntry(r: ActivityRecord): RejectedEntry {
  return {
    objectType: r.objectType === "Group" ? "Group" : "User",
    objectId: r.objectId,
    ...(r.identity ? { identity: r.identity } : {}),
    errorCode: r.errorCode ?? "Unknown",
    reason: r.errorMessage ?? r.reason,
  };
}

/** What appending one record changes: the shard's new value, and the object's latest and rejected rows. */
export interface TallyPlan {
  shard: TallyShard;
  /** The object's new latest record (absent: unchanged, the record is older than the one it has). */
  latest?: LatestRecord;
  putRejected?: { key: string; entry: RejectedEntry };
  deleteRejected?: string;
}

/** Whether the record is newer than the object's latest (by time, then change id: a total order). */
export function isNewer(r: Pick<ActivityRecord, "at" | "changeId">, latest: LatestRecord | undefined): boolean {
  if (!latest) return true;
  return r.at > latest.at || (r.at === latest.at && r.changeId > latest.changeId);
}

/**
 * How one record (not yet counted) changes the tally: its action and status are counted for users or groups; the
 * cycle's last time moves on; and if it is the object's newest record, the object is rejected or not as this record
 * says (its rejected row written, moved or deleted, and the shard's rejected count moved by the difference). A job
 * record only moves the last time. Pure: the same inputs give the same plan, so the ledger can re-plan after a lost race.
 */
export function planTally(
  record: ActivityRecord,
  latest: LatestRecord | undefined,
  shard: TallyShard | undefined,
): TallyPlan {
  const base = shard ?? emptyShard();
  const next: TallyShard = {
    users: base.users,
    groups: base.groups,
    rejected: base.rejected,
    lastAt: base.lastAt === undefined || record.at > base.lastAt ? record.at : base.lastAt,
  };
  if (record.objectType === "Job") return { shard: next };
  const kind = record.objectType === "User" ? "users" : "groups";
  next[kind] = counted(base[kind], record);
  if (!isNewer(record, latest)) return { shard: next };
  const oldKey = latest?.rejectedKey;
  const newKey = isRejection(record) ? rejectedKey(record) : undefined;
  next.rejected = base.rejected + (newKey ? 1 : 0) - (oldKey ? 1 : 0);
  return {
    shard: next,
    latest: { at: record.at, changeId: record.changeId, ...(newKey ? { rejectedKey: newKey } : {}) },
    ...(newKey ? { putRejected: { key: newKey, entry: rejectedEntry(record) } } : {}),
    ...(oldKey && oldKey !== newKey ? { deleteRejected: oldKey } : {}),
  };
}

/** Whether the object's latest row says the record with this key was counted already. */
export function wasCounted(latest: LatestRecord | undefined, recordKey: string): boolean {
  return latest?.counted?.includes(recordKey) ?? false;
}

/**
 * The object's latest row after counting the record with this key: the plan's new latest record (or the one it had,
 * when the record is older), remembering the key among the newest COUNTED_MEMORY.
 */
export function latestAfter(plan: TallyPlan, latest: LatestRecord | undefined, recordKey: string): LatestRecord {
  const base = plan.latest ?? latest;
  if (!base) throw new Error("planTally gives a latest record to an object that has none.");
  const counted = [...(latest?.counted ?? []), recordKey].slice(-COUNTED_MEMORY);
  return { ...base, counted };
}

function counted(c: ChangeCounts, r: ActivityRecord): ChangeCounts {
  return {
    byAction: { ...c.byAction, [r.action]: (c.byAction[r.action] ?? 0) + 1 },
    byStatus: { ...c.byStatus, [r.status]: (c.byStatus[r.status] ?? 0) + 1 },
    total: c.total + 1,
  };
}

function addCounts(a: ChangeCounts, b: ChangeCounts): ChangeCounts {
  const byAction = { ...a.byAction };
  for (const [k, v] of Object.entries(b.byAction)) byAction[k] = (byAction[k] ?? 0) + v;
  const byStatus = { ...a.byStatus };
  for (const [k, v] of Object.entries(b.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v;
  return { byAction, byStatus, total: a.total + b.total };
}

/** The sum of the shards. */
export function sumShards(shards: readonly TallyShard[]): TallyShard {
  return shards.reduce<TallyShard>(
    (sum, s) => ({
      users: addCounts(sum.users, s.users),
      groups: addCounts(sum.groups, s.groups),
      rejected: sum.rejected + s.rejected,
      ...(s.lastAt !== undefined && (sum.lastAt === undefined || s.lastAt > sum.lastAt)
        ? { lastAt: s.lastAt }
        : sum.lastAt !== undefined
          ? { lastAt: sum.lastAt }
          : {}),
    }),
    emptyShard(),
  );
}

/** The status's order of rejected objects: by identity (or id), as people read them. */
export function sortRejected(entries: readonly RejectedEntry[]): RejectedEntry[] {
  return [...entries].sort((a, b) => (a.identity ?? a.objectId).localeCompare(b.identity ?? b.objectId));
}

/** The tally from shards and the first rejected rows (in key order). */
export function tallyOf(shards: readonly TallyShard[], rejected: readonly RejectedEntry[]): CycleTally {
  const sum = sumShards(shards);
  return {
    counts: sum.users,
    groupCounts: sum.groups,
    rejected: sortRejected(rejected),
    rejectedTotal: Math.max(sum.rejected, rejected.length),
    ...(sum.lastAt !== undefined ? { lastAt: sum.lastAt } : {}),
  };
}

/**
 * The tally of a set of records computed at once, in any order (each record once, by time and change id): what the
 * ledger must hold after appending them one by one. The in-memory activity store answers with it, and tests use it as
 * the oracle.
 */
export function foldTally(records: readonly ActivityRecord[], limit: number): CycleTally {
  const seen = new Set<string>();
  const latest = new Map<string, LatestRecord>();
  const rejected = new Map<string, RejectedEntry>();
  let shard = emptyShard();
  for (const r of records) {
    const id = `${r.at}\u0000${r.changeId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const key = latestKey(r);
    const plan = planTally(r, latest.get(key), shard);
    shard = plan.shard;
    if (plan.latest) latest.set(key, plan.latest);
    if (plan.deleteRejected) rejected.delete(plan.deleteRejected);
    if (plan.putRejected) rejected.set(plan.putRejected.key, plan.putRejected.entry);
  }
  const first = [...rejected.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([, e]) => e);
  return tallyOf([shard], first);
}
