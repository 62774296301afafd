import { odata } from "@azure/data-tables";
import type { TableEntityResult } from "@azure/data-tables";
import { safeKey } from "./keys";
import type { EscrowEntry, EscrowStore } from "./StatePorts";
import { isNotFound } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

interface Entity {
  partitionKey: string;
  rowKey: string;
  nextAttemptAt: string;
  json: string;
}

/** The escrowed objects in Table Storage: partition = job, one row per object while it is escrowed. */
export class EscrowRepository implements EscrowStore {
  constructor(private readonly tables: TableProvider) {}

  async put(jobId: string, entry: EscrowEntry): Promise<void> {
    const client = await this.tables.table(TABLES.escrows);
    const row: Entity = {
      partitionKey: jobId,
      rowKey: rowKey(entry.objectType, entry.objectId),
      nextAttemptAt: entry.nextAttemptAt,
      json: JSON.stringify(entry),
    };
    await client.upsertEntity(row, "Replace");
  }

  async remove(jobId: string, objectType: EscrowEntry["objectType"], objectId: string): Promise<void> {
    const client = await this.tables.table(TABLES.escrows);
    try {
      await client.deleteEntity(jobId, rowKey(objectType, objectId));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  async due(jobId: string, now: Date, limit: number): Promise<EscrowEntry[]> {
    const filter = odata`PartitionKey eq ${jobId} and nextAttemptAt le ${now.toISOString()}`;
    return (await this.read(filter, limit)).entries;
  }

  list(jobId: string, limit: number): Promise<{ entries: EscrowEntry[]; more: boolean }> {
    return this.read(odata`PartitionKey eq ${jobId}`, limit);
  }

  private async read(filter: string, limit: number): Promise<{ entries: EscrowEntry[]; more: boolean }> {
    const client = await this.tables.table(TABLES.escrows);
    const entries: EscrowEntry[] = [];
    const pages = client.listEntities<Entity>({ queryOptions: { filter } }).byPage({ maxPageSize: limit + 1 });
    for await (const page of pages) {
      for (const e of page as TableEntityResult<Entity>[]) {
        if (entries.length === limit) return { entries, more: true };
        entries.push(JSON.parse(e.json) as EscrowEntry);
      }
      break; // one page is enough: it holds limit + 1 rows
    }
    return { entries, more: false };
  }
}

function rowKey(objectType: EscrowEntry["objectType"], objectId: string): string {
  return `${objectType}_${safeKey(objectId)}`;
}
