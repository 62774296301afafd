import { odata } from "@azure/data-tables";
import type { TableEntityResult } from "@azure/data-tables";
import type { HeldRemoval, HeldRemovalState } from "./HeldRemoval";
import { ConcurrentWriteError } from "../errors";
import { safeKey } from "./keys";
import type { RemovalStore } from "./StatePorts";
import { isConflict, isNotFound, isPreconditionFailed } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

interface Entity {
  partitionKey: string;
  rowKey: string;
  state: HeldRemovalState;
  json: string;
}

/** The deletion guard's removals in Table Storage: partition = job, one row per object (`User_<id>`, `Group_<id>`). */
export class RemovalRepository implements RemovalStore {
  constructor(private readonly tables: TableProvider) {}

  async get(jobId: string, objectType: HeldRemoval["objectType"], objectId: string): Promise<HeldRemoval | undefined> {
    return (await this.read(jobId, objectType, objectId))?.removal;
  }

  async stage(jobId: string, removal: HeldRemoval): Promise<void> {
    const client = await this.tables.table(TABLES.removals);
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.read(jobId, removal.objectType, removal.objectId);
      const next: HeldRemoval =
        stored?.removal.state === "held"
          ? { ...stored.removal, evidence: removal.evidence, ...(removal.slackId ? { slackId: removal.slackId } : {}) }
          : { ...removal, state: "staged" };
      try {
        if (stored) await client.updateEntity(entity(jobId, next), "Replace", { etag: stored.etag });
        else await client.createEntity(entity(jobId, next));
        return;
      } catch (e) {
        // Changed (412), created (409) or deleted (404) by another writer since it was read: read it again.
        if (!isPreconditionFailed(e) && !isConflict(e) && !isNotFound(e)) throw e;
      }
    }
    throw new ConcurrentWriteError(`The removal row of ${removal.objectType} ${removal.objectId} kept changing.`);
  }

  async put(jobId: string, removals: readonly HeldRemoval[]): Promise<void> {
    const client = await this.tables.table(TABLES.removals);
    for (const r of removals) await client.upsertEntity(entity(jobId, r), "Replace");
  }

  async remove(
    jobId: string,
    objectType: HeldRemoval["objectType"],
    objectId: string,
    onlyIf?: HeldRemovalState,
  ): Promise<void> {
    const client = await this.tables.table(TABLES.removals);
    let etag: string | undefined;
    if (onlyIf) {
      const stored = await this.read(jobId, objectType, objectId);
      if (!stored || stored.removal.state !== onlyIf) return;
      etag = stored.etag;
    }
    try {
      await client.deleteEntity(jobId, rowKey(objectType, objectId), etag ? { etag } : {});
    } catch (e) {
      if (!isNotFound(e) && !isPreconditionFailed(e)) throw e;
    }
  }

  async list(
    jobId: string,
    query: { state: HeldRemovalState; objectType: HeldRemoval["objectType"] },
    limit: number,
  ): Promise<{ entries: HeldRemoval[]; more: boolean }> {
    const client = await this.tables.table(TABLES.removals);
    const from = `${query.objectType}_`;
    const to = `${query.objectType}\``; // the character after "_": the end of the type's key range
    const filter = odata`PartitionKey eq ${jobId} and RowKey ge ${from} and RowKey lt ${to} and state eq ${query.state}`;
    const entries: HeldRemoval[] = [];
    const pages = client
      .listEntities<Entity>({ queryOptions: { filter } })
      .byPage({ maxPageSize: Math.min(1000, limit + 1) });
    for await (const page of pages) {
      for (const e of page as TableEntityResult<Entity>[]) {
        if (entries.length === limit) return { entries, more: true };
        entries.push(JSON.parse(e.json) as HeldRemoval);
      }
    }
    return { entries, more: false };
  }

  private async read(
    jobId: string,
    objectType: HeldRemoval["objectType"],
    objectId: string,
  ): Promise<{ removal: HeldRemoval; etag: string } | undefined> {
    const client = await this.tables.table(TABLES.removals);
    try {
      const e = await client.getEntity<Entity>(jobId, rowKey(objectType, objectId));
      return { removal: JSON.parse(e.json) as HeldRemoval, etag: e.etag };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}

function rowKey(objectType: HeldRemoval["objectType"], objectId: string): string {
  return `${objectType}_${safeKey(objectId)}`;
}

function entity(jobId: string, r: HeldRemoval): Entity {
  return { partitionKey: jobId, rowKey: rowKey(r.objectType, r.objectId), state: r.state, json: JSON.stringify(r) };
}
