import type { ActivityQuery } from "../../../shared/state/ActivityLog";
import type { ActivityRecord } from "../../../shared/state/ActivityRecord";
import type { CycleTally } from "../../../shared/state/cycleTally";
import { foldTally } from "../../../shared/state/cycleTally";
import { dayKey, newestFirstKey, safeKey } from "../../../shared/state/keys";
import type { ActivityStore } from "../../../shared/state/StatePorts";
import { InMemoryTable } from "./InMemoryTable";
import { fitActivityRecord } from "../../../shared/activity/fitActivityRecord";
import { InMemoryRowTable } from "./InMemoryRowTable";
import { DashboardIndexes } from "../../../shared/state/DashboardIndexes";

interface Row {
  at: number;
  cycleId: string;
  status: string;
  json: string;
}

const DAY_MS = 86_400_000;

/**
 * ActivityStore in memory, like ActivityLog: every record is kept twice, by day (partition `${jobId}_${yyyyMMdd}`) and
 * by object, under a newest-first row key, so both queries answer newest first (by time: day by day from `to` back to
 * `from`, `from` inclusive and `to` exclusive, filtered by cycle and status, at most `limit`, default 1000; by object:
 * at most `limit`, default 100). `purge` counts the rows it removed from both indexes. "Now" (the default `to`) comes
 * from `now`, so a test with a fixed clock can query its own records. `cycleTally` folds the cycle's records at once
 * (foldTally): what the Table adapter's ledger holds after counting them one by one. `append` fits the record to the
 * stored size as the Table adapter does (fitActivityRecord); `scan` answers what byTime does, without a limit.
 */
export class InMemoryActivityStore extends DashboardIndexes implements ActivityStore {
  readonly byTimeTable = new InMemoryTable<Row>();
  readonly byObjectTable = new InMemoryTable<Row>();
  /** The attention list, people index and cycle history: the same classes as ActivityLog's, on in-memory rows. */
  readonly attentionTable: InMemoryRowTable;
  readonly peopleTable: InMemoryRowTable;
  readonly cyclesTable: InMemoryRowTable;

  constructor(
    private readonly now: () => Date = () => new Date(),
    tables = { attention: new InMemoryRowTable(), people: new InMemoryRowTable(), cycles: new InMemoryRowTable() },
  ) {
    super({ attention: tables.attention.source, people: tables.people.source, cycles: tables.cycles.source });
    this.attentionTable = tables.attention;
    this.peopleTable = tables.people;
    this.cyclesTable = tables.cycles;
  }

  append(given: ActivityRecord): Promise<void> {
    const record = fitActivityRecord(given);
    const at = new Date(record.at);
    const rowKey = `${newestFirstKey(at)}_${safeKey(record.changeId)}`;
    const row: Row = { at: at.getTime(), cycleId: record.cycleId, status: record.status, json: JSON.stringify(record) };
    this.byTimeTable.set(`${record.jobId}_${dayKey(at)}`, rowKey, row);
    this.byObjectTable.set(`${record.jobId}_${safeKey(record.objectId)}`, rowKey, row);
    return this.noteForDashboard(record);
  }

  byTime(jobId: string, query: ActivityQuery = {}): Promise<ActivityRecord[]> {
    const to = query.to ?? this.now();
    const from = query.from ?? new Date(to.getTime() - DAY_MS);
    const limit = query.limit ?? 1000;
    const out: ActivityRecord[] = [];
    for (let t = startOfDay(to); t >= startOfDay(from); t -= DAY_MS) {
      for (const [, row] of this.byTimeTable.partition(`${jobId}_${dayKey(new Date(t))}`)) {
        if (row.at < from.getTime() || row.at >= to.getTime()) continue;
        if (query.cycleId && row.cycleId !== query.cycleId) continue;
        if (query.status && row.status !== query.status) continue;
        out.push(JSON.parse(row.json) as ActivityRecord);
        if (out.length >= limit) return Promise.resolve(out);
      }
    }
    return Promise.resolve(out);
  }

  async *scan(jobId: string, query: ActivityQuery = {}): AsyncGenerator<ActivityRecord, void, undefined> {
    const all = await this.byTime(jobId, { ...query, limit: Number.MAX_SAFE_INTEGER });
    yield* all;
  }

  byObject(jobId: string, objectId: string, limit = 100): Promise<ActivityRecord[]> {
    const rows = this.byObjectTable.partition(`${jobId}_${safeKey(objectId)}`).slice(0, limit);
    return Promise.resolve(rows.map(([, row]) => JSON.parse(row.json) as ActivityRecord));
  }

  cycleTally(jobId: string, cycleId: string, rejectedLimit: number): Promise<CycleTally> {
    const records = this.all().filter((r) => r.jobId === jobId && r.cycleId === cycleId);
    return Promise.resolve(foldTally(records, rejectedLimit));
  }

  purge(before: Date): Promise<number> {
    let removed = 0;
    for (const table of [this.byTimeTable, this.byObjectTable]) {
      for (const { partitionKey, rowKey, value } of table.rows()) {
        if (value.at < before.getTime() && table.delete(partitionKey, rowKey)) removed++;
      }
    }
    return Promise.resolve(removed);
  }

  /** Every record of every job, newest first (for assertions). */
  all(): ActivityRecord[] {
    return this.byTimeTable
      .rows()
      .map((r) => r.value)
      .sort((a, b) => b.at - a.at)
      .map((row) => JSON.parse(row.json) as ActivityRecord);
  }
}

function startOfDay(d: Date): number {
  return Math.floor(d.getTime() / DAY_MS) * DAY_MS;
}
