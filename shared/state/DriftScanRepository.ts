import { ProvisioningError } from "../errors";
import type { DriftScanState, DriftTransition } from "../drift/DriftScanState";
import { isDriftDeclined } from "../drift/DriftScanState";
import type { DriftScanStore } from "./StatePorts";
import { readEntity } from "./readEntity";
import { isConflict, isPreconditionFailed } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

/** The drift scan's row sits in the JobState table, beside the job row, so a scan's writes never contend with a cycle's. */
const ROW = "driftScan";
const MAX_CAS_ATTEMPTS = 20;

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
    const client = await this.tables.table(TABLES.jobState);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const found = await this.read(jobId);
      const current = found?.state ?? {};
      const next = transition(current);
      if (isDriftDeclined(next)) return { state: current, applied: false, declined: next.declined };
      const entity: Entity = { partitionKey: jobId, rowKey: ROW, json: JSON.stringify(next) };
      try {
        if (found === undefined) await client.createEntity(entity);
        else await client.updateEntity(entity, "Replace", { etag: found.etag });
        return { state: next, applied: true };
      } catch (e) {
        if (isPreconditionFailed(e) || isConflict(e)) continue;
        throw e;
      }
    }
    throw new ProvisioningError("DriftScanContention", "The drift scan row kept changing under us; will retry.", {
      retryable: true,
    });
  }

  private async read(jobId: string): Promise<{ state: DriftScanState; etag: string } | undefined> {
    const client = await this.tables.table(TABLES.jobState);
    const e = await readEntity<Entity>(client, jobId, ROW);
    return e && { state: JSON.parse(e.json) as DriftScanState, etag: e.etag };
  }
}
