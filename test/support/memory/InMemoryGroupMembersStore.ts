import { safeKey } from "../../../shared/state/keys";
import type { GroupMembersStore } from "../../../shared/state/StatePorts";
import type { KeyRange } from "../../../shared/state/keyRanges";
import { inKeyRange } from "../../../shared/state/keyRanges";
import { InMemoryTable } from "./InMemoryTable";

/**
 * GroupMembersStore in memory, like GroupScopeMembersRepository: one partition per group, one row per member; `apply`
 * upserts then deletes in transactions, and deleting a member that is not there fails (404).
 */
export class InMemoryGroupMembersStore implements GroupMembersStore {
  readonly table = new InMemoryTable<string>();

  list(jobId: string, groupId: string, range?: KeyRange): Promise<Set<string>> {
    const rows = this.table.partition(partition(jobId, groupId)).filter(([key]) => inKeyRange(key, range));
    return Promise.resolve(new Set(rows.map(([, userId]) => userId)));
  }

  contains(jobId: string, groupId: string, userIds: readonly string[]): Promise<Set<string>> {
    const pk = partition(jobId, groupId);
    return Promise.resolve(new Set(userIds.filter((id) => this.table.has(pk, safeKey(id)))));
  }

  apply(jobId: string, groupId: string, added: readonly string[], removed: readonly string[]): Promise<void> {
    return this.table.submit(partition(jobId, groupId), [
      ...added.map((id) => ({ upsert: safeKey(id), value: id })),
      ...removed.map((id) => ({ delete: safeKey(id) })),
    ]);
  }
}

function partition(jobId: string, groupId: string): string {
  return `${jobId}_${safeKey(groupId)}`;
}
