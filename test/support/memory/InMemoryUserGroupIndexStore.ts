import type { UserGroupIndexStore } from "../../../shared/state/StatePorts";
import { safeKey } from "../../../shared/state/keys";
import type { KeyRange } from "../../../shared/state/keyRanges";
import { inKeyRange } from "../../../shared/state/keyRanges";
import { InMemoryTable } from "./InMemoryTable";

/** UserGroupIndexStore in memory, like UserGroupIndexRepository: a row per user with groups, and a completeness mark. */
export class InMemoryUserGroupIndexStore implements UserGroupIndexStore {
  readonly table = new InMemoryTable<string[]>();
  private readonly complete = new Set<string>();

  isComplete(jobId: string): Promise<boolean> {
    return Promise.resolve(this.complete.has(jobId));
  }

  markComplete(jobId: string): Promise<void> {
    this.complete.add(jobId);
    return Promise.resolve();
  }

  getMany(jobId: string, userIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    for (const id of userIds) {
      const row = this.table.get(jobId, id);
      if (row) out.set(id, new Set(row));
    }
    return Promise.resolve(out);
  }

  async *list(jobId: string, range?: KeyRange): AsyncIterable<[string, Set<string>]> {
    for (const [id, row] of this.table.partition(jobId)) {
      if (inKeyRange(safeKey(id), range)) yield await Promise.resolve([id, new Set(row)]);
    }
  }

  put(jobId: string, rows: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
    for (const [id, groups] of rows) {
      if (groups.size === 0) this.table.delete(jobId, id);
      else this.table.set(jobId, id, [...groups].sort());
    }
    return Promise.resolve();
  }
}
