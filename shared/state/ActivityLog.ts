import { odata } from "@azure/data-tables";
import type { ActivityRecord } from "./ActivityRecord";
import { mapLimit } from "./batches";
import { dayKey, newestFirstKey, safeKey } from "./keys";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { ActivityStore } from "./StatePorts";

interface Entity {
  partitionKey: string;
  rowKey: string;
  at: Date;
  cycleId: string;
  objectId: string;
  action: string;
  status: string;
  json: string;
}

export interface ActivityQuery {
  /** Inclusive lower bound (default: 24 hours before `to`). */
  from?: Date;
  /** Exclusive upper bound (default: now). */
  to?: Date;
  cycleId?: string;
  status?: ActivityRecord["status"];
  limit?: number;
}

const DAY_MS = 86_400_000;
/** The most day partitions one query reads (the API allows 31 days; the cycle report reads its cycle's days). */
const MAX_QUERY_DAYS = 400;

/**
 * The activity log: one record per change, stored twice so it can be read newest-first by time (partition = day) and
 * by object (partition = object id). Records older than the retention period are purged by `purge`.
 */
export class ActivityLog implements ActivityStore {
  constructor(private readonly tables: TableProvider) {}

  async append(record: ActivityRecord): Promise<void> {
    const at = new Date(record.at);
    const rowKey = `${newestFirstKey(at)}_${safeKey(record.changeId)}`;
    const base = {
      rowKey,
      at,
      cycleId: record.cycleId,
      objectId: record.objectId,
      action: record.action,
      status: record.status,
      json: JSON.stringify(record),
    };
    const [byTime, byObject] = await Promise.all([
      this.tables.table(TABLES.activity),
      this.tables.table(TABLES.activityByObject),
    ]);
    await Promise.all([
      byTime.upsertEntity({ ...base, partitionKey: `${record.jobId}_${dayKey(at)}` }, "Replace"),
      byObject.upsertEntity({ ...base, partitionKey: `${record.jobId}_${safeKey(record.objectId)}` }, "Replace"),
    ]);
  }

  /** Records in a time window, newest first. */
  async byTime(jobId: string, query: ActivityQuery = {}): Promise<ActivityRecord[]> {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - DAY_MS);
    const limit = query.limit ?? 1000;
    const client = await this.tables.table(TABLES.activity);
    const out: ActivityRecord[] = [];
    // Day by day, newest first, lazily (never a list of the days): at most MAX_QUERY_DAYS of them.
    const last = Math.max(startOfDay(from), startOfDay(to) - (MAX_QUERY_DAYS - 1) * DAY_MS);
    for (let t = startOfDay(to); t >= last; t -= DAY_MS) {
      const day = dayKey(new Date(t));
      let filter = odata`PartitionKey eq ${`${jobId}_${day}`} and at ge ${from} and at lt ${to}`;
      if (query.cycleId) filter += odata` and cycleId eq ${query.cycleId}`;
      if (query.status) filter += odata` and status eq ${query.status}`;
      for await (const e of client.listEntities<Entity>({ queryOptions: { filter } })) {
        out.push(JSON.parse(e.json) as ActivityRecord);
        if (out.length >= limit) return out;
      }
    }
    return out;
  }

  /** Records for one object (Entra object id), newest first. */
  async byObject(jobId: string, objectId: string, limit = 100): Promise<ActivityRecord[]> {
    const client = await this.tables.table(TABLES.activityByObject);
    const out: ActivityRecord[] = [];
    const filter = odata`PartitionKey eq ${`${jobId}_${safeKey(objectId)}`}`;
    for await (const e of client.listEntities<Entity>({ queryOptions: { filter } })) {
      out.push(JSON.parse(e.json) as ActivityRecord);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Deletes records written before `before`. Returns how many rows were removed. */
  async purge(before: Date): Promise<number> {
    let removed = 0;
    for (const name of [TABLES.activity, TABLES.activityByObject]) {
      const client = await this.tables.table(name);
      const stale: { partitionKey: string; rowKey: string }[] = [];
      const filter = odata`at lt ${before}`;
      for await (const e of client.listEntities<Entity>({
        queryOptions: { filter, select: ["PartitionKey", "RowKey"] },
      })) {
        stale.push({ partitionKey: e.partitionKey, rowKey: e.rowKey });
      }
      await mapLimit(stale, 16, (k) => client.deleteEntity(k.partitionKey, k.rowKey));
      removed += stale.length;
    }
    return removed;
  }
}

function startOfDay(d: Date): number {
  return Math.floor(d.getTime() / DAY_MS) * DAY_MS;
}
