import { ProvisioningError } from "../errors";
import type { JobState, JobTransition } from "./JobState";
import { initialJobState, isDeclined, parseJobState } from "./JobState";
import type { AppliedTransition, JobStateStore } from "./StatePorts";
import { isConflict, isNotFound, isPreconditionFailed } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

const ROW = "state";
const MAX_CAS_ATTEMPTS = 20;

interface JobStateEntity {
  partitionKey: string;
  rowKey: string;
  json: string;
}

/**
 * Stores the job state row in Table Storage and applies the named transitions of JobState.ts to it by compare-and-set
 * on the row's ETag, retried when another writer got there first. This is what keeps cycles from overlapping and delta
 * pages from being processed twice. It decides nothing itself.
 */
export class JobStateRepository implements JobStateStore {
  constructor(private readonly tables: TableProvider) {}

  async get(jobId: string): Promise<JobState> {
    return (await this.read(jobId))?.state ?? initialJobState(jobId);
  }

  async apply(jobId: string, transition: JobTransition): Promise<AppliedTransition> {
    const client = await this.tables.table(TABLES.jobState);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const found = await this.read(jobId);
      const current = found?.state ?? initialJobState(jobId);
      const next = transition(current);
      if (isDeclined(next)) return { state: current, applied: false, declined: next.declined };
      const entity: JobStateEntity = { partitionKey: jobId, rowKey: ROW, json: JSON.stringify(next) };
      try {
        if (found === undefined) await client.createEntity(entity);
        else await client.updateEntity(entity, "Replace", { etag: found.etag });
        return { state: next, applied: true };
      } catch (e) {
        if (isPreconditionFailed(e) || isConflict(e)) continue;
        throw e;
      }
    }
    throw new ProvisioningError("JobStateContention", "The job state row kept changing under us; will retry.", {
      retryable: true,
    });
  }

  private async read(jobId: string): Promise<{ state: JobState; etag: string } | undefined> {
    const client = await this.tables.table(TABLES.jobState);
    try {
      const e = await client.getEntity<JobStateEntity>(jobId, ROW);
      return { state: parseJobState(jobId, e.json), etag: e.etag };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}
