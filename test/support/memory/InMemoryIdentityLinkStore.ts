import { ConcurrentWriteError } from "../../../shared/errors";
import type { IdentityLink } from "../../../shared/state/IdentityLink";
import { safeKey } from "../../../shared/state/keys";
import type { IdentityLinkStore, StoredLink } from "../../../shared/state/StatePorts";
import { InMemoryTable } from "./InMemoryTable";

interface Row {
  json: string;
  etag: string;
}

/**
 * IdentityLinkStore in memory, like IdentityLinkRepository: one JSON row per object with a real ETag that changes on
 * every write. `create` throws ConcurrentWriteError when the row exists, `replace` when the ETag is not the row's
 * current one or the row is gone.
 */
export class InMemoryIdentityLinkStore implements IdentityLinkStore {
  readonly table = new InMemoryTable<Row>();
  private writes = 0;

  get(jobId: string, objectId: string): Promise<StoredLink | undefined> {
    const row = this.table.get(jobId, safeKey(objectId));
    return Promise.resolve(row ? { link: JSON.parse(row.json) as IdentityLink, etag: row.etag } : undefined);
  }

  create(jobId: string, link: IdentityLink): Promise<string> {
    if (this.table.has(jobId, safeKey(link.objectId))) return Promise.reject(new ConcurrentWriteError());
    return Promise.resolve(this.write(jobId, link));
  }

  replace(jobId: string, link: IdentityLink, etag: string): Promise<string> {
    const row = this.table.get(jobId, safeKey(link.objectId));
    if (!row || row.etag !== etag) return Promise.reject(new ConcurrentWriteError());
    return Promise.resolve(this.write(jobId, link));
  }

  async *list(jobId: string): AsyncIterable<IdentityLink> {
    for (const [, row] of this.table.partition(jobId))
      yield await Promise.resolve(JSON.parse(row.json) as IdentityLink);
  }

  page(jobId: string, after: string | undefined, limit: number): Promise<{ entries: StoredLink[]; next?: string }> {
    const rows = this.table.partition(jobId).filter(([key]) => after === undefined || key > after);
    const page = rows.slice(0, limit);
    const entries = page.map(([, row]) => ({ link: JSON.parse(row.json) as IdentityLink, etag: row.etag }));
    const last = page[page.length - 1]?.[0];
    return Promise.resolve(page.length === limit && last !== undefined ? { entries, next: last } : { entries });
  }

  private write(jobId: string, link: IdentityLink): string {
    const etag = `W/"${++this.writes}"`;
    this.table.set(jobId, safeKey(link.objectId), { json: JSON.stringify(link), etag });
    return etag;
  }
}
