import { odata } from "@azure/data-tables";
import type { TransactionAction } from "@azure/data-tables";
import { submitInBatches } from "./batches";
import { readEntity } from "./readEntity";
import { readMany } from "./readMany";
import { safeKey } from "./keys";
import type { KeyRange } from "./keyRanges";
import { rowKeyRangeFilter } from "./keyRanges";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { GroupMembersStore } from "./StatePorts";

/**
 * For each assigned group, its transitive user members (nested groups flattened, cycles cut): the users its Slack group
 * should hold when they are provisioned and active. One partition per group, one row per user.
 */
export class GroupScopeMembersRepository implements GroupMembersStore {
  constructor(private readonly tables: TableProvider) {}

  private partition(jobId: string, groupId: string): string {
    return `${jobId}_${safeKey(groupId)}`;
  }

  async list(jobId: string, groupId: string, range?: KeyRange): Promise<Set<string>> {
    const client = await this.tables.table(TABLES.groupScopeMembers);
    const out = new Set<string>();
    const filter = odata`PartitionKey eq ${this.partition(jobId, groupId)}` + rowKeyRangeFilter(range);
    for await (const e of client.listEntities<{ userId: string }>({ queryOptions: { filter } })) out.add(e.userId);
    return out;
  }

  async contains(jobId: string, groupId: string, userIds: readonly string[]): Promise<Set<string>> {
    const client = await this.tables.table(TABLES.groupScopeMembers);
    const pk = this.partition(jobId, groupId);
    const found = await readMany(
      [...new Set(userIds)],
      async (id) => (await readEntity<{ userId: string }>(client, pk, safeKey(id)))?.userId,
      (userId) => userId,
    );
    return new Set(found.keys());
  }

  async apply(jobId: string, groupId: string, added: readonly string[], removed: readonly string[]): Promise<void> {
    const client = await this.tables.table(TABLES.groupScopeMembers);
    const pk = this.partition(jobId, groupId);
    await submitInBatches(client, [
      ...added.map((id): TransactionAction => [
        "upsert",
        { partitionKey: pk, rowKey: safeKey(id), userId: id },
        "Replace",
      ]),
      ...removed.map((id): TransactionAction => ["delete", { partitionKey: pk, rowKey: safeKey(id) }]),
    ]);
  }
}
