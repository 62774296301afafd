import { safeKey } from "../../../shared/state/keys";
import type { ReportMove, ReportsStore } from "../../../shared/state/StatePorts";
import { InMemoryTable } from "./InMemoryTable";

/** ReportsStore in memory, like ReportsRepository: one partition per manager, one row per direct report. */
export class InMemoryReportsStore implements ReportsStore {
  readonly table = new InMemoryTable<string>();

  reportsOf(jobId: string, managerId: string): Promise<string[]> {
    return Promise.resolve(this.table.partition(partition(jobId, managerId)).map(([, reportId]) => reportId));
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
