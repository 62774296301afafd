import { ProvisioningError } from "../errors";
import type { JobState, JobTransition } from "./JobState";
import { initialJobState, parseJobState } from "./JobState";
import { applyRowTransition } from "./applyRowTransition";
import type { AppliedTransition, JobStateStore } from "./StatePorts";
import { isNotFound } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

const ROW = "state";

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
    return applyRowTransition(
      {
        client: await this.tables.table(TABLES.jobState),
        partitionKey: jobId,
        rowKey: ROW,
        read: () => this.read(jobId),
        initial: initialJobState(jobId),
        contention: () =>
          new ProvisioningError("JobStateContention", "The job state row kept changing under us; will retry.", {
            retryable: true,
          }),
      },
      transition,
    );
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
