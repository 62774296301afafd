import { odata } from "@azure/data-tables";
import type { TransactionAction } from "@azure/data-tables";
import { forEachLimit, submitInBatches } from "./batches";
import { safeKey } from "./keys";
import type { KeyRange } from "./keyRanges";
import { rowKeyRangeFilter } from "./keyRanges";
import { isNotFound } from "./tableErrors";
import { readEntity } from "./readEntity";
import { readMany } from "./readMany";
import type { UserGroupIndexStore } from "./StatePorts";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

interface Entity {
  partitionKey: string;
  rowKey: string;
  userId: string;
  /** The user's direct groups, comma-separated (a user in 800 groups fits a 32K-character string). */
  groupIds: string;
}

/** The row that says the index was built completely from the groups mirror (before it, the scope is derived in full). */
const COMPLETE = "~complete";

/**
 * The groups mirror turned around: for each user, the groups that have it as a direct member (deleted groups
 * included; the scope skips them). It lets the scope of one user be derived from its own row and the groups' nesting,
 * without reading every group's members. Kept by the scope derivation: rebuilt from the mirror when a groups round
 * read every group, and moved by the membership changes of incremental rounds.
 */
export class UserGroupIndexRepository implements UserGroupIndexStore {
  constructor(private readonly tables: TableProvider) {}

  async isComplete(jobId: string): Promise<boolean> {
    const client = await this.tables.table(TABLES.userGroups);
    return (await readEntity<Entity>(client, jobId, COMPLETE)) !== undefined;
  }

  async markComplete(jobId: string): Promise<void> {
    const client = await this.tables.table(TABLES.userGroups);
    await client.upsertEntity({ partitionKey: jobId, rowKey: COMPLETE, userId: "", groupIds: "" }, "Replace");
  }

  async getMany(jobId: string, userIds: readonly string[]): Promise<Map<string, Set<string>>> {
    const client = await this.tables.table(TABLES.userGroups);
    const found = await readMany(
      [...new Set(userIds)],
      (id) => readEntity<Entity>(client, jobId, safeKey(id)),
      (e) => e.userId,
    );
    return new Map([...found].map(([id, e]) => [id, split(e.groupIds)]));
  }

  async *list(jobId: string, range?: KeyRange): AsyncIterable<[string, Set<string>]> {
    const client = await this.tables.table(TABLES.userGroups);
    const filter = odata`PartitionKey eq ${jobId} and RowKey ne ${COMPLETE}` + rowKeyRangeFilter(range);
    for await (const e of client.listEntities<Entity>({ queryOptions: { filter } })) {
      yield [e.userId, split(e.groupIds)];
    }
  }

  async put(jobId: string, rows: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> {
    const client = await this.tables.table(TABLES.userGroups);
    const actions: TransactionAction[] = [];
    for (const [userId, groups] of rows) {
      const rowKey = safeKey(userId);
      actions.push(
        groups.size === 0
          ? ["delete", { partitionKey: jobId, rowKey }]
          : ["upsert", { partitionKey: jobId, rowKey, userId, groupIds: [...groups].sort().join(",") }, "Replace"],
      );
    }
    // Deletes go one by one (a row already gone is fine); upserts in transactions.
    const upserts = actions.filter((a) => a[0] === "upsert");
    await submitInBatches(client, upserts);
    const deletes = actions.filter((a) => a[0] === "delete").map(([, row]) => row);
    await forEachLimit(deletes, 16, (row) =>
      client.deleteEntity(row.partitionKey, row.rowKey).then(
        () => undefined,
        (e: unknown) => {
          if (!isNotFound(e)) throw e;
        },
      ),
    );
  }
}

function split(csv: string): Set<string> {
  return new Set(csv ? csv.split(",") : []);
}
