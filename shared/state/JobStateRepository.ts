import { ProvisioningError } from "../errors";
import { initialJobState, type JobState } from "./JobState";
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

/** The result of a compare-and-set mutation: the state written (or found, if the mutation declined). */
export interface MutationResult<R> {
  state: JobState;
  written: boolean;
  result: R;
}

/**
 * Stores the job state row with optimistic concurrency: every change is a pure mutation applied by compare-and-set on the
 * row's ETag, retried when another writer got there first. This is what keeps cycles from overlapping and delta pages from
 * being processed twice.
 */
export class JobStateRepository {
  constructor(private readonly tables: TableProvider) {}

  async get(jobId: string): Promise<JobState> {
    return (await this.read(jobId))?.state ?? initialJobState(jobId);
  }

  /**
   * Applies `mutate` atomically. `mutate` gets a copy of the current state and returns either a new state to write plus
   * a result, or `{ state: undefined, result }` to leave the row as it is.
   */
  async mutate<R>(
    jobId: string,
    mutate: (current: JobState) => { state: JobState | undefined; result: R },
  ): Promise<MutationResult<R>> {
    const client = await this.tables.table(TABLES.jobState);
    for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
      const found = await this.read(jobId);
      const current = found?.state ?? initialJobState(jobId);
      const { state: next, result } = mutate(structuredClone(current));
      if (next === undefined) return { state: current, written: false, result };
      const entity: JobStateEntity = { partitionKey: jobId, rowKey: ROW, json: JSON.stringify(next) };
      try {
        if (found === undefined) await client.createEntity(entity);
        else await client.updateEntity(entity, "Replace", { etag: found.etag });
        return { state: next, written: true, result };
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
      return { state: { ...initialJobState(jobId), ...(JSON.parse(e.json) as Partial<JobState>) }, etag: e.etag };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}
