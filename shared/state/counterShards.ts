/**
 * Sharded counters kept next to the rows they count. A counter is a bounded number of shard rows in the same partition
 * as its rows, and every write of a counted row goes in one transaction with the update of a shard, guarded by that
 * shard's ETag: the counter can therefore never disagree with the rows. Reading it sums the shards (one small range
 * query, whatever the number of rows). A writer picks its first shard by hashing its row's key, so concurrent writers
 * rarely meet on one; the backlog and the tally move on to the next shard after losing a race (only their sum counts),
 * while the removal counts keep each row on the shard of its key (their recount relies on it).
 */

/**
 * Shards per counter: enough that concurrent writers rarely meet on one (with 32 writers at once against Azurite, 16
 * shards cost a retry on every other write, 64 on one in four: npm run bench:status), few enough to sum in one small
 * query (a page holds 1,000 rows) and to rewrite in one transaction (the removal recount: 64 + 1 of at most 100).
 */
export const COUNTER_SHARDS = 64;

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
