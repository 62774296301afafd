import { odata } from "@azure/data-tables";
import { safeKey } from "./keys";
import { isNotFound } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { ReportsStore } from "./StatePorts";

/**
 * Manager → direct reports, from users/delta's manager@delta. When a manager is provisioned (or reactivated) later than
 * its reports, the reports are queued so their manager reference in Slack is set then — Entra needs a restart for this.
 */
export class ReportsRepository implements ReportsStore {
  constructor(private readonly tables: TableProvider) {}

  private partition(jobId: string, managerId: string): string {
    return `${jobId}_${safeKey(managerId)}`;
  }

  async reportsOf(jobId: string, managerId: string): Promise<string[]> {
    const client = await this.tables.table(TABLES.reports);
    const out: string[] = [];
    const filter = odata`PartitionKey eq ${this.partition(jobId, managerId)}`;
    for await (const e of client.listEntities<{ reportId: string }>({ queryOptions: { filter } })) out.push(e.reportId);
    return out;
  }

  /** Records manager changes: the report moves from `before` (if any) to `after` (if any). */
  async move(
    jobId: string,
    changes: readonly { reportId: string; before: string | undefined; after: string | undefined }[],
  ): Promise<void> {
    const client = await this.tables.table(TABLES.reports);
    for (const c of changes) {
      if (c.before === c.after) continue;
      if (c.before) {
        try {
          await client.deleteEntity(this.partition(jobId, c.before), safeKey(c.reportId));
        } catch (e) {
          if (!isNotFound(e)) throw e; // already gone: nothing to undo
        }
      }
      if (c.after) {
        const pk = this.partition(jobId, c.after);
        await client.upsertEntity({ partitionKey: pk, rowKey: safeKey(c.reportId), reportId: c.reportId }, "Replace");
      }
    }
  }
}
