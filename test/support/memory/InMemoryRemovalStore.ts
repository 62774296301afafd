import type { HeldRemoval, HeldRemovalState } from "../../../shared/state/HeldRemoval";
import type { RemovalCounts } from "../../../shared/state/removalCounts";
import { countRows } from "../../../shared/state/removalCounts";
import type { RemovalStore } from "../../../shared/state/StatePorts";
import { cloneJson } from "./cloneJson";
import { InMemoryTable } from "./InMemoryTable";

/** RemovalStore in memory, like RemovalRepository: partition = job, one row per object (`User_<id>`, `Group_<id>`). */
export class InMemoryRemovalStore implements RemovalStore {
  readonly table = new InMemoryTable<HeldRemoval>();

  get(jobId: string, objectType: HeldRemoval["objectType"], objectId: string): Promise<HeldRemoval | undefined> {
    const row = this.table.get(jobId, `${objectType}_${objectId}`);
    return Promise.resolve(row ? cloneJson(row) : undefined);
  }

  stage(jobId: string, removal: HeldRemoval): Promise<void> {
    const key = `${removal.objectType}_${removal.objectId}`;
    const stored = this.table.get(jobId, key);
    const next: HeldRemoval =
      stored?.state === "held"
        ? { ...stored, evidence: removal.evidence, ...(removal.slackId ? { slackId: removal.slackId } : {}) }
        : { ...removal, state: "staged" };
    this.table.set(jobId, key, cloneJson(next));
    return Promise.resolve();
  }

  put(jobId: string, removals: readonly HeldRemoval[]): Promise<void> {
    for (const r of removals) this.table.set(jobId, `${r.objectType}_${r.objectId}`, cloneJson(r));
    return Promise.resolve();
  }

  remove(
    jobId: string,
    objectType: HeldRemoval["objectType"],
    objectId: string,
    onlyIf?: HeldRemovalState,
  ): Promise<void> {
    const key = `${objectType}_${objectId}`;
    if (onlyIf === undefined || this.table.get(jobId, key)?.state === onlyIf) this.table.delete(jobId, key);
    return Promise.resolve();
  }

  counts(jobId: string): Promise<RemovalCounts> {
    return Promise.resolve(countRows(this.table.partition(jobId).map(([, r]) => r)));
  }

  list(
    jobId: string,
    query: { state: HeldRemovalState; objectType: HeldRemoval["objectType"] },
    limit: number,
  ): Promise<{ entries: HeldRemoval[]; more: boolean }> {
    const all = this.table
      .partition(jobId)
      .map(([, r]) => r)
      .filter((r) => r.state === query.state && r.objectType === query.objectType);
    return Promise.resolve({ entries: all.slice(0, limit).map(cloneJson), more: all.length > limit });
  }
}
