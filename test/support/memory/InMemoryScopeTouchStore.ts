import type { ScopeTouch, ScopeTouches } from "../../../shared/scope/ScopeTouch";
import { emptyTouches } from "../../../shared/scope/ScopeTouch";
import type { ScopeTouchStore } from "../../../shared/state/StatePorts";
import { addTouch, touchRowKey } from "../../../shared/state/ScopeTouchRepository";
import { InMemoryTable } from "./InMemoryTable";

/** ScopeTouchStore in memory, like ScopeTouchRepository: one row per touch key, a later touch overwriting it. */
export class InMemoryScopeTouchStore implements ScopeTouchStore {
  readonly table = new InMemoryTable<ScopeTouch>();

  record(jobId: string, touches: readonly ScopeTouch[]): Promise<void> {
    for (const t of touches) this.table.set(jobId, touchRowKey(t), { ...t });
    return Promise.resolve();
  }

  list(jobId: string): Promise<ScopeTouches> {
    const out = emptyTouches();
    for (const [, t] of this.table.partition(jobId)) addTouch(out, t);
    return Promise.resolve(out);
  }

  clear(jobId: string): Promise<number> {
    const rows = this.table.partition(jobId);
    for (const [rowKey] of rows) this.table.delete(jobId, rowKey);
    return Promise.resolve(rows.length);
  }
}
