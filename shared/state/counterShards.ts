/**
 * Sharded counters kept next to the rows they count. A counter is a fixed number of shard rows in the same partition as
 * its rows; each row counts in the shard its key hashes to, so the same row is always added to and removed from the
 * same shard, and two writers collide only when their rows hash to the same shard. Reading the counter sums the shards
 * (one small range query, whatever the number of rows). Every write of a counted row goes in one transaction with the
 * update of its shard, guarded by the shard's ETag: a shard can therefore never disagree with the rows of its bucket,
 * and the shard's ETag also orders every change of those rows (used by repairs: a shard whose ETag did not move while
 * its bucket was scanned still matches that scan).
 */

/** Shards per counter: enough that concurrent instances rarely meet on one, few enough to sum in one small query. */
export const COUNTER_SHARDS = 16;

/**
 * Row keys of shard rows start with this. safeKey (keys.ts) writes "%" only as an escape followed by two hex digits, and
 * "c" "o" is not one, so no row key made with safeKey can start with it: counted rows and shards never collide, and no
 * prefix range of counted rows contains a shard.
 */
export const SHARD_PREFIX = "%counter.";
/** The end of the shard rows' key range ("/" sorts right after "."). */
export const SHARD_RANGE_END = "%counter/";

/** FNV-1a (32 bits) of the key, to the shard it counts in. Stable across processes and versions. */
export function shardOf(key: string, shards = COUNTER_SHARDS): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % shards;
}

/** The row key of shard `index`. */
export function shardKey(index: number): string {
  return `${SHARD_PREFIX}${String(index).padStart(2, "0")}`;
}

export function isShardKey(rowKey: string): boolean {
  return rowKey.startsWith(SHARD_PREFIX);
}
