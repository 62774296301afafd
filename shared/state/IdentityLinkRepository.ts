import { odata } from "@azure/data-tables";
import { ConcurrentWriteError } from "../errors";
import type { IdentityLink } from "./IdentityLink";
import { safeKey } from "./keys";
import { readEntity } from "./readEntity";
import { isConflict, isNotFound, isPreconditionFailed } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { IdentityLinkStore, StoredLink } from "./StatePorts";

interface Entity {
  partitionKey: string;
  rowKey: string;
  json: string;
  /** The linked Slack id, "" when none (always written, so that a Merge leaves nothing of an earlier link). */
  slackId: string;
}

export type { StoredLink } from "./StatePorts";

/** Thrown when a conditional write lost the race; callers re-read and decide again. Part of the error hierarchy. */

/** Identity links (Entra object id ⇄ Slack id) with ETag-guarded writes. */
export class IdentityLinkRepository implements IdentityLinkStore {
  /** `tableName`: IdentityLinks for users, GroupLinks for groups (the same shape and leases). */
  constructor(
    private readonly tables: TableProvider,
    private readonly tableName: string = TABLES.identityLinks,
  ) {}

  async get(jobId: string, objectId: string): Promise<StoredLink | undefined> {
    const client = await this.tables.table(this.tableName);
    const e = await readEntity<Entity>(client, jobId, safeKey(objectId));
    return e && { link: JSON.parse(e.json) as IdentityLink, etag: e.etag };
  }

  /** Inserts a new link; throws ConcurrentWriteError if one already exists. Returns the new ETag. */
  async create(jobId: string, link: IdentityLink): Promise<string> {
    const client = await this.tables.table(this.tableName);
    try {
      const r = await client.createEntity(toEntity(jobId, link));
      return r.etag ?? "";
    } catch (e) {
      if (isConflict(e)) throw new ConcurrentWriteError();
      throw e;
    }
  }

  /** Replaces the link if its ETag is still `etag`; throws ConcurrentWriteError otherwise. Returns the new ETag. */
  async replace(jobId: string, link: IdentityLink, etag: string): Promise<string> {
    const client = await this.tables.table(this.tableName);
    try {
      // A Merge of the whole entity (json and slackId): the same row as a Replace, and Azurite updates it in place
      // instead of deleting and re-inserting it (a cost that grows with the table).
      const r = await client.updateEntity(toEntity(jobId, link), "Merge", { etag });
      return r.etag ?? "";
    } catch (e) {
      if (isPreconditionFailed(e) || isNotFound(e)) throw new ConcurrentWriteError();
      throw e;
    }
  }

  async *list(jobId: string): AsyncIterable<IdentityLink> {
    const client = await this.tables.table(this.tableName);
    for await (const e of client.listEntities<Entity>({ queryOptions: { filter: odata`PartitionKey eq ${jobId}` } })) {
      yield JSON.parse(e.json) as IdentityLink;
    }
  }

  async page(
    jobId: string,
    after: string | undefined,
    limit: number,
  ): Promise<{ entries: StoredLink[]; next?: string }> {
    const client = await this.tables.table(this.tableName);
    const filter =
      after === undefined ? odata`PartitionKey eq ${jobId}` : odata`PartitionKey eq ${jobId} and RowKey gt ${after}`;
    const entries: StoredLink[] = [];
    let last: string | undefined;
    for await (const e of client.listEntities<Entity>({ queryOptions: { filter } })) {
      entries.push({ link: JSON.parse(e.json) as IdentityLink, etag: e.etag });
      last = e.rowKey;
      if (entries.length === limit) return { entries, ...(last !== undefined ? { next: last } : {}) };
    }
    return { entries };
  }
}

function toEntity(jobId: string, link: IdentityLink): Entity {
  return {
    partitionKey: jobId,
    rowKey: safeKey(link.objectId),
    json: JSON.stringify(link),
    slackId: link.slackId ?? "",
  };
}
