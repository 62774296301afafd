import { odata } from "@azure/data-tables";
import { ConcurrentWriteError } from "../errors";
import { applyRowTransition } from "./applyRowTransition";
import { safeKey } from "./keys";
import { addWaitingReport, NO_WAITS, parseManagerWaits } from "./managerWaits";
import { readEntity } from "./readEntity";
import { isNotFound, isPreconditionFailed } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { ReportsStore } from "./StatePorts";

/**
 * Manager → direct reports, from users/delta's manager@delta. When a manager is provisioned (or reactivated) later than
 * its reports, the reports are queued so their manager reference in Slack is set then — Entra needs a restart for this.
 * Which reports are waiting is kept apart, one row per manager (partition `<job>~waits`): a manager's arrival reads
 * that one row, not the partition of its reports, so a cycle creating a whole tenant costs a point read per user.
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

  async waitFor(jobId: string, managerId: string, reportId: string): Promise<void> {
    const client = await this.tables.table(TABLES.reports);
    const partitionKey = waitsPartition(jobId);
    const rowKey = safeKey(managerId);
    await applyRowTransition(
      {
        client,
        partitionKey,
        rowKey,
        read: async () => {
          const row = await readEntity<{ json: string }>(client, partitionKey, rowKey);
          return row ? { state: parseManagerWaits(row.json), etag: row.etag } : undefined;
        },
        initial: NO_WAITS,
        contention: () => new ConcurrentWriteError(`The waiting reports of manager ${managerId} kept changing.`),
      },
      (waits) => addWaitingReport(waits, reportId),
    );
  }

  async takeWaiting(jobId: string, managerId: string, use: (reports: string[]) => Promise<void>): Promise<void> {
    const client = await this.tables.table(TABLES.reports);
    const row = await readEntity<{ json: string }>(client, waitsPartition(jobId), safeKey(managerId));
    if (!row) return;
    const waits = parseManagerWaits(row.json);
    if (!waits.overflow && waits.reports.length === 0) return;
    await use(waits.overflow ? await this.reportsOf(jobId, managerId) : waits.reports);
    try {
      // Emptied in place rather than deleted (a row per manager that ever had reports waiting): Azurite's delete
      // renumbers its indexes, a cost that grows with the table (50,000 reports at 100,000 users); a merge does not.
      await client.updateEntity(
        { partitionKey: waitsPartition(jobId), rowKey: safeKey(managerId), json: JSON.stringify(NO_WAITS) },
        "Merge",
        { etag: row.etag },
      );
    } catch (e) {
      // Changed meanwhile: a report joined after the manager was linked, and sees it when it checks again; or gone.
      if (!isPreconditionFailed(e) && !isNotFound(e)) throw e;
    }
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

/** The partition of the managers' waiting lists ("~" never appears in a report partition, `<job>_<manager>`). */
function waitsPartition(jobId: string): string {
  return `${jobId}~waits`;
}
