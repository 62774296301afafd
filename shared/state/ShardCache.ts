/** Entries kept at most; beyond it the cache starts again empty (old cycles' shards are not read again). */
const MAX_ENTRIES = 4096;

/** A shard's value as this process last wrote it, and the ETag the service answered. */
export interface CachedShard<T> {
  value: T;
  etag: string;
}

/**
 * The shards this process wrote last, so that its next write to one can skip reading it first. Only a hint: a write
 * under a stale ETag fails (412) like any lost race, and the writer reads the shard again, so nothing in here can make
 * a count wrong.
 */
export class ShardCache<T> {
  private readonly entries = new Map<string, CachedShard<T>>();

  get(partitionKey: string, shardKey: string): CachedShard<T> | undefined {
    return this.entries.get(`${partitionKey}\u0000${shardKey}`);
  }

  /** Remembers the shard's value after a write (forgets it when the service gave no ETag). */
  set(partitionKey: string, shardKey: string, value: T, etag: string | undefined): void {
    const key = `${partitionKey}\u0000${shardKey}`;
    if (etag === undefined) {
      this.entries.delete(key);
      return;
    }
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { value, etag });
  }

  drop(partitionKey: string, shardKey: string): void {
    this.entries.delete(`${partitionKey}\u0000${shardKey}`);
  }
}
