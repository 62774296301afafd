import type { JobTransition } from "../../../shared/state/JobState";
import { initialJobState, isDeclined, parseJobState } from "../../../shared/state/JobState";
import type { AppliedTransition, JobStateStore } from "../../../shared/state/StatePorts";
import type { JobState } from "../../../shared/state/JobState";
import { InMemoryTable } from "./InMemoryTable";

/**
 * JobStateStore in memory, like JobStateRepository: one JSON row per job, read through parseJobState, changed only by
 * applying a transition. The read, the transition and the write happen without an await in between, which is the
 * compare-and-set the Table adapter does with ETags.
 */
export class InMemoryJobStateStore implements JobStateStore {
  readonly table = new InMemoryTable<string>();

  get(jobId: string): Promise<JobState> {
    return Promise.resolve(this.read(jobId));
  }

  apply(jobId: string, transition: JobTransition): Promise<AppliedTransition> {
    const current = this.read(jobId);
    const next = transition(current);
    if (isDeclined(next)) return Promise.resolve({ state: current, applied: false, declined: next.declined });
    this.table.set(jobId, "state", JSON.stringify(next));
    return Promise.resolve({ state: next, applied: true });
  }

  private read(jobId: string): JobState {
    const json = this.table.get(jobId, "state");
    return json === undefined ? initialJobState(jobId) : parseJobState(jobId, json);
  }
}
