import type { RemovedReason } from "../graph/DeltaPage";
import type { GraphUser } from "../graph/GraphUser";
import { odata } from "@azure/data-tables";
import type { TransactionAction } from "@azure/data-tables";
import { submitInBatches } from "./batches";
import { safeKey } from "./keys";
import { readEntity } from "./readEntity";
import { readMany } from "./readMany";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { SourceUserStore } from "./StatePorts";

/**
 * Our mirror of an Entra user (the connector data store): the latest snapshot read from Graph, whether Graph reported it
 * removed, and the position (`seq`) of the observation, so an older observation never overwrites a newer one.
 */
export interface SourceUserRecord {
  objectId: string;
  snapshot?: GraphUser;
  removed?: RemovedReason;
  /** Ordering key of the observation: round.page.item, zero-padded; "" for a direct read (lowest). */
  seq: string;
  /** Whether the engine manages (linked) this user in Slack; set by the provisioning worker. */
  managed: boolean;
}

interface Entity {
  partitionKey: string;
  rowKey: string;
  objectId?: string;
  snapshot?: string;
  removed?: string;
  seq?: string;
  managed?: boolean;
}

export function observationSeq(round: number, page: number, item: number): string {
  return `${String(round).padStart(10, "0")}.${String(page).padStart(6, "0")}.${String(item).padStart(6, "0")}`;
}

export class SourceUserRepository implements SourceUserStore {
  constructor(private readonly tables: TableProvider) {}

  async get(jobId: string, objectId: string): Promise<SourceUserRecord | undefined> {
    const client = await this.tables.table(TABLES.sourceUsers);
    const e = await readEntity<Entity>(client, jobId, safeKey(objectId));
    return e && fromEntity(objectId, e);
  }

  async getMany(jobId: string, objectIds: readonly string[]): Promise<Map<string, SourceUserRecord>> {
    return readMany(
      objectIds,
      (id) => this.get(jobId, id),
      (r) => r.objectId,
    );
  }

  /** Writes observations (merge: `managed` is left as it is). Callers filter out stale observations first. */
  async saveObservations(
    jobId: string,
    records: readonly { objectId: string; snapshot?: GraphUser; removed?: RemovedReason; seq: string }[],
  ): Promise<void> {
    const client = await this.tables.table(TABLES.sourceUsers);
    const byKey = new Map<string, Entity>();
    for (const r of records) {
      byKey.set(safeKey(r.objectId), {
        partitionKey: jobId,
        rowKey: safeKey(r.objectId),
        objectId: r.objectId,
        // A removal keeps the last snapshot: only write the snapshot column when we have one.
        ...(r.snapshot !== undefined ? { snapshot: JSON.stringify(r.snapshot) } : {}),
        removed: r.removed ?? "",
        seq: r.seq,
      });
    }
    await submitInBatches(
      client,
      [...byKey.values()].map((e): TransactionAction => ["upsert", { ...e }, "Merge"]),
    );
  }

  async setManaged(jobId: string, objectId: string, managed: boolean): Promise<void> {
    const client = await this.tables.table(TABLES.sourceUsers);
    await client.upsertEntity({ partitionKey: jobId, rowKey: safeKey(objectId), objectId, managed }, "Merge");
  }

  /** Every record of the job (used by full-round reconciliation and summaries). */
  async *list(jobId: string): AsyncIterable<SourceUserRecord> {
    const client = await this.tables.table(TABLES.sourceUsers);
    for await (const e of client.listEntities<Entity>({ queryOptions: { filter: odata`PartitionKey eq ${jobId}` } })) {
      yield fromEntity(e.objectId ?? e.rowKey, e);
    }
  }
}

/** A stored row as a record (the row's columns: the snapshot as JSON, the removal, the sequence, the managed flag). */
export function fromEntity(
  objectId: string,
  e: { snapshot?: string; removed?: string; seq?: string; managed?: boolean },
): SourceUserRecord {
  const removed = e.removed === "changed" || e.removed === "deleted" ? e.removed : undefined;
  return {
    objectId,
    ...(e.snapshot ? { snapshot: JSON.parse(e.snapshot) as GraphUser } : {}),
    ...(removed ? { removed } : {}),
    seq: e.seq ?? "",
    managed: e.managed === true,
  };
}
