import { COUNTER_SHARDS, isShardKey, shardKey } from "./counterShards";
import type { RowAction, RowProps, StoredRow } from "./PartitionRows";

/**
 * The pure part of the counted backlog (CountedBacklog): what a shard holds, the transactions that insert or delete
 * rows together with a shard's update, and how a count is read, checked, repaired and tidied away.
 *
 * Only the sum of the shards means anything: a row may be counted on one shard and taken off another, so a writer that
 * loses a race for a shard simply moves on to the next one.
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

/** Sets shard `index` to `n`: created when it was absent, else replaced under the ETag it was read with. */
export function setShard(index: number, shard: ShardState | undefined, n: number): RowAction {
  const props: RowProps = { n };
  return shard
    ? { kind: "replace", rowKey: shardKey(index), props, etag: shard.etag }
    : { kind: "create", rowKey: shardKey(index), props };
}

/** Inserts rows and adds their number to one shard, in one transaction (409 when a row is there already). */
export function insertPlan(
  index: number,
  shard: ShardState | undefined,
  rows: readonly { rowKey: string; props: RowProps }[],
): RowAction[] {
  return [
    ...rows.map((r): RowAction => ({ kind: "create", rowKey: r.rowKey, props: r.props })),
    setShard(index, shard, (shard?.n ?? 0) + rows.length),
  ];
}

/** Deletes one row and takes one off a shard, in one transaction (404 when the row is not there). */
export function deletePlan(rowKey: string, index: number, shard: ShardState | undefined): RowAction[] {
  return [{ kind: "delete", rowKey }, setShard(index, shard, (shard?.n ?? 0) - 1)];
}

/** Rows read from the head of a partition: enough to tell "only shards" from "rows remain" (pigeonhole). */
export const HEAD_ROWS = COUNTER_SHARDS + 1;

/**
 * What the head of the partition (its first HEAD_ROWS rows, whatever their keys) shows. The partition holds at most
 * COUNTER_SHARDS shard rows, so if any counted row is left, the head shows one: `empty` is a proof, read in one bounded
 * query, that the backlog is empty.
 */
export function headShows(rowKeys: readonly string[], complete: boolean): "empty" | "rows" {
  return complete && rowKeys.every(isShardKey) ? "empty" : "rows";
}

/**
 * The count, from the shards' sum, when the head showed rows: a positive sum is the count; zero or less while rows
 * remain means rows the counter never saw (written by a version before it), so the shards must be repaired from a scan
 * before anything is said.
 */
export function countFromShards(sum: number): { count: number } | "repair" {
  return sum > 0 ? { count: sum } : "repair";
}

/**
 * The repair: every shard (read before the scan) set so that they sum to the scan's count, in one transaction. Each
 * shard is replaced under its ETag or created if it was absent, so any counted write after the shards were read (it
 * changes or creates one of them) makes the transaction fail, and a repair that commits is exact.
 */
export function repairPlan(shards: readonly StoredRow[], truth: number): RowAction[] {
  const read = new Map(shards.map((r) => [r.rowKey, r]));
  return Array.from({ length: COUNTER_SHARDS }, (_, index) =>
    setShard(index, shardState(read.get(shardKey(index))), index === 0 ? truth : 0),
  );
}

/**
 * Tidying a partition its head proved empty (only shards in it): shards at zero can be deleted one by one under their
 * ETags (taking away a zero never changes the sum); if some are not at zero (rows written before the counter, or
 * taken off one shard and counted on another), they are first all set to zero in one transaction under the ETags of the
 * head, which commits only if no shard seen empty moved since, and is then exact: rows written since were counted on
 * shards created since.
 */
export function tidyPlan(head: readonly StoredRow[]): { zeroAll?: RowAction[]; drop: StoredRow[] } {
  const shards = head.filter((r) => isShardKey(r.rowKey));
  if (shards.every((r) => shardState(r)?.n === 0)) return { drop: shards };
  return {
    zeroAll: shards.map((r): RowAction => ({ kind: "replace", rowKey: r.rowKey, props: { n: 0 }, etag: r.etag })),
    drop: [],
  };
}
