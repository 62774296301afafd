import { COUNTER_SHARDS, isShardKey, shardKey, shardOf } from "./counterShards";
import type { RowAction, RowProps, StoredRow } from "./PartitionRows";

/**
 * The pure part of the counted backlog (CountedBacklog): what a shard holds, the transaction that inserts or deletes
 * rows together with their shard's update, and how a count is read and checked.
 */

/** A shard as read: its count and the ETag its next update must quote (absent: the shard row does not exist). */
export interface ShardState {
  n: number;
  etag: string;
}

export function shardState(row: StoredRow | undefined): ShardState | undefined {
  if (!row) return undefined;
  const n = row.props.n;
  return { n: typeof n === "number" ? n : Number(n ?? 0), etag: row.etag };
}

/** The shard's update by `delta`: created when absent, else replaced under its ETag. */
export function shardAction(index: number, shard: ShardState | undefined, delta: number): RowAction {
  const props: RowProps = { n: (shard?.n ?? 0) + delta };
  return shard
    ? { kind: "replace", rowKey: shardKey(index), props, etag: shard.etag }
    : { kind: "create", rowKey: shardKey(index), props };
}

/** Inserts rows (all of one shard) and adds their number to the shard, in one transaction. */
export function insertPlan(
  index: number,
  shard: ShardState | undefined,
  rows: readonly { rowKey: string; props: RowProps }[],
): RowAction[] {
  return [
    ...rows.map((r): RowAction => ({ kind: "create", rowKey: r.rowKey, props: r.props })),
    shardAction(index, shard, rows.length),
  ];
}

/** Deletes one row and takes it off its shard, in one transaction (fails with 404 when the row is not there). */
export function deletePlan(rowKey: string, shard: ShardState | undefined): RowAction[] {
  return [{ kind: "delete", rowKey }, shardAction(shardOf(rowKey), shard, -1)];
}

/** Groups row keys by the shard they count in. */
export function byShard<T extends { rowKey: string }>(rows: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const i = shardOf(r.rowKey);
    out.set(i, [...(out.get(i) ?? []), r]);
  }
  return out;
}

/** Rows read from the head of a partition: enough to tell "only shards" from "rows remain" (pigeonhole). */
export const HEAD_ROWS = COUNTER_SHARDS + 1;

/**
 * What the head of the partition (its first HEAD_ROWS rows, whatever their keys) shows. The partition holds at most
 * COUNTER_SHARDS shard rows, so if any counted row is left, the head shows one: `empty` is a proof that the backlog is
 * empty, read in one bounded query.
 */
export function headShows(rowKeys: readonly string[], complete: boolean): "empty" | "rows" {
  return complete && rowKeys.every(isShardKey) ? "empty" : "rows";
}

/**
 * The count, from the shards' sum, when the head showed rows: a positive sum is the count; zero or less while rows
 * remain means rows the counter never saw (written by a version before the counter), so the shards must be repaired
 * from a scan before anything is said.
 */
export function countFromShards(sum: number): { count: number } | "repair" {
  return sum > 0 ? { count: sum } : "repair";
}

/** Counted rows per shard, from a scan of the partition's keys (the repair's truth). */
export function bucketCounts(rowKeys: Iterable<string>): number[] {
  const buckets = new Array<number>(COUNTER_SHARDS).fill(0);
  for (const k of rowKeys) {
    if (isShardKey(k)) continue;
    const i = shardOf(k);
    buckets[i] = (buckets[i] ?? 0) + 1;
  }
  return buckets;
}
