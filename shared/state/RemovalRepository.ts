import { odata } from "@azure/data-tables";
import type { TableEntityResult } from "@azure/data-tables";
import { CountedRemovals } from "./CountedRemovals";
import type { HeldRemoval, HeldRemovalState } from "./HeldRemoval";
import type { RemovalCounts } from "./removalCounts";
import type { RemovalStore } from "./StatePorts";
import type { TableProvider } from "./TableProvider";
import { tablePartitions } from "./TablePartitionRows";
import { TABLES } from "./tableNames";

interface Entity {
  partitionKey: string;
  rowKey: string;
  state: HeldRemovalState;
  json: string;
}

/**
 * The deletion guard's removals in Table Storage: partition = job, one row per object (`User_<id>`, `Group_<id>`),
 * written with their counts (CountedRemovals) so that counting them costs one small query.
 */
export class RemovalRepository implements RemovalStore {
  private readonly counted: CountedRemovals;

  constructor(private readonly tables: TableProvider) {
    this.counted = new CountedRemovals(tablePartitions(tables, TABLES.removals));
  }

  get(jobId: string, objectType: HeldRemoval["objectType"], objectId: string): Promise<HeldRemoval | undefined> {
    return this.counted.get(jobId, objectType, objectId);
  }

  stage(jobId: string, removal: HeldRemoval): Promise<void> {
    return this.counted.stage(jobId, removal);
  }

  put(jobId: string, removals: readonly HeldRemoval[]): Promise<void> {
    return this.counted.put(jobId, removals);
  }

  remove(
    jobId: string,
    objectType: HeldRemoval["objectType"],
    objectId: string,
    onlyIf?: HeldRemovalState,
  ): Promise<void> {
    return this.counted.remove(jobId, objectType, objectId, onlyIf);
  }

  counts(jobId: string): Promise<RemovalCounts> {
    return this.counted.counts(jobId);
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
}
