import type { DriftScanState, DriftTransition } from "../../../shared/drift/DriftScanState";
import { isDriftDeclined } from "../../../shared/drift/DriftScanState";
import type { DriftScanStore } from "../../../shared/state/StatePorts";
import { InMemoryTable } from "./InMemoryTable";

/**
 * DriftScanStore in memory, like DriftScanRepository: one JSON row per job, changed only by applying a transition; the
 * read, the transition and the write happen without an await in between (the Table adapter's compare-and-set).
 */
export class InMemoryDriftScanStore implements DriftScanStore {
  readonly table = new InMemoryTable<string>();

  get(jobId: string): Promise<DriftScanState> {
    return Promise.resolve(this.read(jobId));
  }

  apply(
    jobId: string,
    transition: DriftTransition,
  ): Promise<{ state: DriftScanState; applied: boolean; declined?: string }> {
    const current = this.read(jobId);
    const next = transition(current);
    if (isDriftDeclined(next)) return Promise.resolve({ state: current, applied: false, declined: next.declined });
    this.table.set(jobId, "driftScan", JSON.stringify(next));
    return Promise.resolve({ state: next, applied: true });
  }

  private read(jobId: string): DriftScanState {
    const json = this.table.get(jobId, "driftScan");
    return json === undefined ? {} : (JSON.parse(json) as DriftScanState);
  }
}
