import { safeKey } from "../../../shared/state/keys";
import type { ReportMove, ReportsStore } from "../../../shared/state/StatePorts";
import { InMemoryTable } from "./InMemoryTable";
import type { ManagerWaits } from "../../../shared/state/managerWaits";
import { addWaitingReport } from "../../../shared/state/managerWaits";

/** ReportsStore in memory, like ReportsRepository: one partition per manager, one row per direct report. */
export class InMemoryReportsStore implements ReportsStore {
  readonly table = new InMemoryTable<string>();

  reportsOf(jobId: string, managerId: string): Promise<string[]> {
    return Promise.resolve(this.table.partition(partition(jobId, managerId)).map(([, reportId]) => reportId));
  }

  /** The waiting lists by `<job>|<manager>`. */
  readonly waits = new Map<string, ManagerWaits>();

  waitFor(jobId: string, managerId: string, reportId: string): Promise<void> {
    const key = `${jobId}|${managerId}`;
    const next = addWaitingReport(this.waits.get(key) ?? { reports: [] }, reportId);
    if (!("declined" in next)) this.waits.set(key, next);
    return Promise.resolve();
  }

  async takeWaiting(jobId: string, managerId: string, use: (reports: string[]) => Promise<void>): Promise<void> {
    const key = `${jobId}|${managerId}`;
    const waits = this.waits.get(key);
    if (!waits) return;
    await use(waits.overflow ? await this.reportsOf(jobId, managerId) : waits.reports);
    if (this.waits.get(key) === waits) this.waits.delete(key);
  }

  move(jobId: string, changes: readonly ReportMove[]): Promise<void> {
    for (const c of changes) {
      if (c.before === c.after) continue;
      if (c.before) this.table.delete(partition(jobId, c.before), safeKey(c.reportId)); // gone already: fine
      if (c.after) this.table.set(partition(jobId, c.after), safeKey(c.reportId), c.reportId);
    }
    return Promise.resolve();
  }
}

function partition(jobId: string, managerId: string): string {
  return `${jobId}_${safeKey(managerId)}`;
}
