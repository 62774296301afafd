import { odata } from "@azure/data-tables";
import type { TransactionAction } from "@azure/data-tables";
import { submitInBatches } from "./batches";
import { safeKey } from "./keys";
import type { KeyRange } from "./keyRanges";
import { rowKeyRangeFilter } from "./keyRanges";
import { readEntity } from "./readEntity";
import { readMany } from "./readMany";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { UserScopeStore } from "./StatePorts";

/** Why a user is in scope: assigned directly, and/or through assigned groups (nested chains shown by name). */
export interface UserScopeEntry {
  userId: string;
  direct: boolean;
  /** The assigned groups that reach the user (roots of its paths). */
  viaGroups: string[];
  /** Human-readable paths, e.g. "assigned directly", "Sales → EMEA Sales → DACH Sales". */
  paths: string[];
  /** The app roles the user holds through its assignments (direct, or its assigned groups'), for [appRoleAssignments]. */
  appRoles?: { value: string | null; displayName: string | null }[];
}

interface Entity {
  partitionKey: string;
  rowKey: string;
  json: string;
}

/** The materialized scope: one row per in-scope user, derived from the assignments and the group memberships. */
export class UserScopeRepository implements UserScopeStore {
  constructor(private readonly tables: TableProvider) {}

  async get(jobId: string, userId: string): Promise<UserScopeEntry | undefined> {
    const client = await this.tables.table(TABLES.userScope);
    const e = await readEntity<Entity>(client, jobId, safeKey(userId));
    return e && (JSON.parse(e.json) as UserScopeEntry);
  }

  async getMany(jobId: string, userIds: readonly string[]): Promise<Map<string, UserScopeEntry>> {
    return readMany(
      userIds,
      (id) => this.get(jobId, id),
      (e) => e.userId,
    );
  }

  async list(jobId: string): Promise<Map<string, UserScopeEntry>> {
    const client = await this.tables.table(TABLES.userScope);
    const out = new Map<string, UserScopeEntry>();
    for await (const e of client.listEntities<Entity>({ queryOptions: { filter: odata`PartitionKey eq ${jobId}` } })) {
      const entry = JSON.parse(e.json) as UserScopeEntry;
      out.set(entry.userId, entry);
    }
    return out;
  }

  async *entries(jobId: string, range?: KeyRange): AsyncIterable<UserScopeEntry> {
    const client = await this.tables.table(TABLES.userScope);
    const filter = odata`PartitionKey eq ${jobId}` + rowKeyRangeFilter(range);
    for await (const e of client.listEntities<Entity>({ queryOptions: { filter } })) {
      yield JSON.parse(e.json) as UserScopeEntry;
    }
  }

  async apply(jobId: string, upserts: readonly UserScopeEntry[], deletes: readonly string[]): Promise<void> {
    const client = await this.tables.table(TABLES.userScope);
    await submitInBatches(client, [
      ...upserts.map((u): TransactionAction => [
        "upsert",
        { partitionKey: jobId, rowKey: safeKey(u.userId), json: JSON.stringify(u) },
        "Replace",
      ]),
      ...deletes.map((id): TransactionAction => ["delete", { partitionKey: jobId, rowKey: safeKey(id) }]),
    ]);
  }
}
