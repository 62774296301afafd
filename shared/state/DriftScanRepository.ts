import { ProvisioningError } from "../errors";
import type { DriftScanState, DriftTransition } from "../drift/DriftScanState";
import type { DriftScanStore } from "./StatePorts";
import { readEntity } from "./readEntity";
import { applyRowTransition } from "./applyRowTransition";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

/** The drift scan's row sits in the JobState table, beside the job row, so a scan's writes never contend with a cycle's. */
const ROW = "driftScan";

interface Entity {
  partitionKey: string;
  rowKey: string;
  json: string;
}

/**
 * Stores the drift scan's row and applies the transitions of DriftScanState.ts to it by compare-and-set on its ETag,
 * read again when another writer got there first. It decides nothing itself.
 */
export class DriftScanRepository implements DriftScanStore {
  constructor(private readonly tables: TableProvider) {}

  async get(jobId: string): Promise<DriftScanState> {
    return (await this.read(jobId))?.state ?? {};
  }

  async apply(
    jobId: string,
    transition: DriftTransition,
  ): Promise<{ state: DriftScanState; applied: boolean; declined?: string }> {
    return applyRowTransition(
      {
        client: await this.tables.table(TABLES.jobState),
        partitionKey: jobId,
        rowKey: ROW,
        read: () => this.read(jobId),
        initial: {},
        contention: () =>
          new ProvisioningError("DriftScanContention", "The drift scan row kept changing under us; will retry.", {
            retryable: true,
          }),
      },
      transition,
    );
  }

  private async read(jobId: string): Promise<{ state: DriftScanState; etag: string } | undefined> {
    const client = await this.tables.table(TABLES.jobState);
    const e = await readEntity<Entity>(client, jobId, ROW);
    return e && { state: JSON.parse(e.json) as DriftScanState, etag: e.etag };
  }
}
