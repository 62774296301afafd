import { safeKey } from "../../../shared/state/keys";
import type { ScopeEntry } from "../../../shared/state/ScopeRepository";
import type { AssignmentStore } from "../../../shared/state/StatePorts";
import type { InMemoryTableAction } from "./InMemoryTable";
import { InMemoryTable } from "./InMemoryTable";

/**
 * AssignmentStore in memory, like ScopeRepository: one row per assigned principal (an empty display name reads back as
 * absent); `apply` upserts then deletes in transactions, and deleting a principal that is not there fails (404).
 */
export class InMemoryAssignmentStore implements AssignmentStore {
  readonly table = new InMemoryTable<ScopeEntry>();

  list(jobId: string): Promise<Map<string, ScopeEntry>> {
    return Promise.resolve(new Map(this.table.partition(jobId).map(([, e]) => [e.principalId, { ...e }])));
  }

  get(jobId: string, principalId: string): Promise<ScopeEntry | undefined> {
    const e = this.table.get(jobId, safeKey(principalId));
    return Promise.resolve(e ? { ...e } : undefined);
  }

  apply(jobId: string, added: readonly ScopeEntry[], removed: readonly string[]): Promise<void> {
    const actions: InMemoryTableAction<ScopeEntry>[] = [
      ...added.map((a) => ({
        upsert: safeKey(a.principalId),
        value: {
          principalId: a.principalId,
          principalType: a.principalType,
          ...(a.principalDisplayName ? { principalDisplayName: a.principalDisplayName } : {}),
          appRoleId: a.appRoleId,
        },
      })),
      ...removed.map((id) => ({ delete: safeKey(id) })),
    ];
    return this.table.submit(jobId, actions);
  }
}
