import { odata } from "@azure/data-tables";
import type { ActivityRecord } from "./ActivityRecord";
import { mapLimit } from "./batches";
import type { CycleTally } from "./cycleTally";
import { CycleTallyLedger } from "./CycleTallyLedger";
import { dayKey, newestFirstKey, safeKey } from "./keys";
import { tablePartitions } from "./TablePartitionRows";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import { isNotFound, isPreconditionFailed } from "./tableErrors";
import type { ActivityStore } from "./StatePorts";
import { fitActivityRecord } from "../activity/fitActivityRecord";
import { DashboardIndexes } from "./DashboardIndexes";

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
 * by object (partition = object id), and counted in its cycle's tally (CycleTallyLedger, partitions
 * `${jobId}_cycle_${cycleId}` of the CycleTally table) for the status. Records older than the retention period, and the
 * tally rows of their time, are purged by `purge`. The tally has a table of its own because its rows are replaced
 * several times per object: in the big activity table each replace would cost more as the log grows (Azurite).
 */
export class ActivityLog extends DashboardIndexes implements ActivityStore {
  private readonly tally: CycleTallyLedger;

  constructor(private readonly tables: TableProvider) {
    super({
      attention: tablePartitions(tables, TABLES.attention),
      people: tablePartitions(tables, TABLES.peopleIndex),
      cycles: tablePartitions(tables, TABLES.cycleHistory),
    });
    this.tally = new CycleTallyLedger(tablePartitions(tables, TABLES.cycleTally));
  }

  async append(given: ActivityRecord): Promise<void> {
    // One string property holds the record: Table Storage keeps at most 64 KiB in one (fitActivityRecord).
    const record = fitActivityRecord(given);
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
    // After the record, so that a count never stands for a record that is not there (see CycleTallyLedger).
    await this.tally.count(record, rowKey);
    // The standing attention list and the people search follow the record.
    await this.noteForDashboard(record);
  }

  cycleTally(jobId: string, cycleId: string, rejectedLimit: number): Promise<CycleTally> {
    return this.tally.read(jobId, cycleId, rejectedLimit);
  }

  /** Records in a time window, newest first (at most `query.limit`, default 1000). */
  async byTime(jobId: string, query: ActivityQuery = {}): Promise<ActivityRecord[]> {
    const limit = query.limit ?? 1000;
    const out: ActivityRecord[] = [];
    for await (const record of this.scan(jobId, query)) {
      out.push(record);
      if (out.length >= limit) break;
    }
    return out;
  }

  /**
   * Records in a time window, newest first, read lazily page by page as the caller iterates (`query.limit` is not
   * applied: the caller stops when it has enough, and no further page is read).
   */
  async *scan(jobId: string, query: ActivityQuery = {}): AsyncGenerator<ActivityRecord, void, undefined> {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - DAY_MS);
    const client = await this.tables.table(TABLES.activity);
    // Day by day, newest first, lazily (never a list of the days): at most MAX_QUERY_DAYS of them.
    const last = Math.max(startOfDay(from), startOfDay(to) - (MAX_QUERY_DAYS - 1) * DAY_MS);
    for (let t = startOfDay(to); t >= last; t -= DAY_MS) {
      const day = dayKey(new Date(t));
      let filter = odata`PartitionKey eq ${`${jobId}_${day}`} and at ge ${from} and at lt ${to}`;
      if (query.cycleId) filter += odata` and cycleId eq ${query.cycleId}`;
      if (query.status) filter += odata` and status eq ${query.status}`;
      for await (const e of client.listEntities<Entity>({ queryOptions: { filter } })) {
        yield JSON.parse(e.json) as ActivityRecord;
      }
    }
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

  /**
   * Deletes records written before `before`, and the cycle tally rows of that time. Returns how many record rows were
   * removed. Each row is deleted under the ETag it was listed with: a tally row counted into meanwhile stays.
   */
  async purge(before: Date): Promise<number> {
    let removed = 0;
    // The tally's own table, and the activity table, where tallies were kept before it had one.
    for (const name of [TABLES.activity, TABLES.activityByObject, TABLES.cycleTally]) {
      const client = await this.tables.table(name);
      const stale: { partitionKey: string; rowKey: string; etag: string }[] = [];
      const filter = odata`at lt ${before}`;
      for await (const e of client.listEntities<Entity>({
        queryOptions: { filter, select: ["PartitionKey", "RowKey"] },
      })) {
        stale.push({ partitionKey: e.partitionKey, rowKey: e.rowKey, etag: e.etag });
      }
      await mapLimit(stale, 16, async (k) => {
        try {
          await client.deleteEntity(k.partitionKey, k.rowKey, { etag: k.etag });
        } catch (e) {
          if (!isNotFound(e) && !isPreconditionFailed(e)) throw e;
        }
      });
      removed += stale.filter((k) => isRecordRow(k.rowKey)).length;
    }
    return removed;
  }
}

/** Record rows are keyed by time (newestFirstKey: digits); tally rows never start with a digit. */
function isRecordRow(rowKey: string): boolean {
  return /^\d/.test(rowKey);
}

function startOfDay(d: Date): number {
  return Math.floor(d.getTime() / DAY_MS) * DAY_MS;
}
