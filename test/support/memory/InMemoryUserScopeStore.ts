import { safeKey } from "../../../shared/state/keys";
import type { KeyRange } from "../../../shared/state/keyRanges";
import { inKeyRange } from "../../../shared/state/keyRanges";
import type { UserScopeStore } from "../../../shared/state/StatePorts";
import type { UserScopeEntry } from "../../../shared/state/UserScopeRepository";
import { getEach } from "./getEach";
import { InMemoryTable } from "./InMemoryTable";

/**
 * UserScopeStore in memory, like UserScopeRepository: one JSON row per in-scope user; `apply` upserts then deletes in
 * transactions, and deleting a user that is not there fails (404).
 */
export class InMemoryUserScopeStore implements UserScopeStore {
  readonly table = new InMemoryTable<string>();

  get(jobId: string, userId: string): Promise<UserScopeEntry | undefined> {
    const json = this.table.get(jobId, safeKey(userId));
    return Promise.resolve(json === undefined ? undefined : (JSON.parse(json) as UserScopeEntry));
  }

  getMany(jobId: string, userIds: readonly string[]): Promise<Map<string, UserScopeEntry>> {
    return getEach(
      userIds,
      (id) => this.get(jobId, id),
      (e) => e.userId,
    );
  }

  list(jobId: string): Promise<Map<string, UserScopeEntry>> {
    const entries = this.table.partition(jobId).map(([, json]) => JSON.parse(json) as UserScopeEntry);
    return Promise.resolve(new Map(entries.map((e) => [e.userId, e])));
  }

  async *entries(jobId: string, range?: KeyRange): AsyncIterable<UserScopeEntry> {
    for (const [key, json] of this.table.partition(jobId)) {
      if (inKeyRange(key, range)) yield await Promise.resolve(JSON.parse(json) as UserScopeEntry);
    }
  }

  apply(jobId: string, upserts: readonly UserScopeEntry[], deletes: readonly string[]): Promise<void> {
    return this.table.submit(jobId, [
      ...upserts.map((u) => ({ upsert: safeKey(u.userId), value: JSON.stringify(u) })),
      ...deletes.map((id) => ({ delete: safeKey(id) })),
    ]);
  }
}
