import type { EscrowEntry, EscrowStore } from "../../../shared/state/StatePorts";
import { cloneJson } from "./cloneJson";
import { InMemoryTable } from "./InMemoryTable";

/** EscrowStore in memory, like EscrowRepository: partition = job, one row per escrowed object. */
export class InMemoryEscrowStore implements EscrowStore {
  readonly table = new InMemoryTable<EscrowEntry>();

  put(jobId: string, entry: EscrowEntry): Promise<void> {
    this.table.set(jobId, `${entry.objectType}_${entry.objectId}`, cloneJson(entry));
    return Promise.resolve();
  }

  remove(jobId: string, objectType: EscrowEntry["objectType"], objectId: string): Promise<void> {
    this.table.delete(jobId, `${objectType}_${objectId}`);
    return Promise.resolve();
  }

  due(jobId: string, now: Date, limit: number): Promise<EscrowEntry[]> {
    const due = this.all(jobId).filter((e) => e.nextAttemptAt <= now.toISOString());
    return Promise.resolve(due.slice(0, limit));
  }

  list(jobId: string, limit: number): Promise<{ entries: EscrowEntry[]; more: boolean }> {
    const all = this.all(jobId);
    return Promise.resolve({ entries: all.slice(0, limit), more: all.length > limit });
  }

  private all(jobId: string): EscrowEntry[] {
    return this.table.partition(jobId).map(([, e]) => cloneJson(e));
  }
}
