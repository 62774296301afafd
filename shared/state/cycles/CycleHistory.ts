import { newestFirstKey, safeKey } from "../keys";
import type { PartitionSource } from "../PartitionRows";
import { isConflict } from "../tableErrors";
import type { CycleSummary } from "./CycleSummary";

/** The most summaries one read returns. */
export const MAX_CYCLES_READ = 500;

/**
 * The cycle history: one row per converged cycle in the job's partition, newest first (keyed by its start), written
 * once, when the next cycle's start finds the cycle converged (CycleStarter claims that moment once). Reading the last
 * N cycles is one bounded read of N rows, whatever the size of the tenant.
 */
export class CycleHistory {
  constructor(private readonly partitions: PartitionSource) {}

  async record(summary: CycleSummary): Promise<void> {
    const rows = await this.partitions(summary.jobId);
    const rowKey = `${newestFirstKey(new Date(summary.startedAt))}_${safeKey(summary.cycleId)}`;
    try {
      await rows.transact([{ kind: "create", rowKey, props: { json: JSON.stringify(summary) } }]);
    } catch (e) {
      if (!isConflict(e)) throw e; // written already (a retried report): the first one stands
    }
  }

  /** The newest `limit` summaries (at most MAX_CYCLES_READ), newest first. */
  async list(jobId: string, limit: number): Promise<CycleSummary[]> {
    const rows = await this.partitions(jobId);
    const { rows: found } = await rows.head(Math.min(limit, MAX_CYCLES_READ));
    return found.map((r) => JSON.parse(String(r.props.json)) as CycleSummary);
  }
}
