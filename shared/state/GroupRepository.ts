import { odata } from "@azure/data-tables";
import type { TransactionAction } from "@azure/data-tables";
import type { RemovedReason } from "../graph/DeltaPage";
import { chunk, submitInBatches } from "./batches";
import { readEntity } from "./readEntity";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { GroupStore } from "./StatePorts";

/** Our mirror of one Entra group: its name, whether Graph reported it removed, and its direct members. */
export interface GroupRecord {
  groupId: string;
  displayName?: string;
  removed?: RemovedReason;
  /** The last groups round that saw the group (a full round replaces the members it had before). */
  round: number;
  users: Set<string>;
  groups: Set<string>;
}

/** A group as the scope's structure needs it: no user members. */
export type GroupStructure = Omit<GroupRecord, "users" | "round">;

interface Entity {
  partitionKey: string;
  rowKey: string;
  groupId: string;
  part: number;
  parts?: number;
  displayName?: string;
  removed?: string;
  round?: number;
  userIds: string;
  groupIds: string;
}

/** Ids per column per row: a Table string property holds 32K UTF-16 characters (800 GUIDs ≈ 29,600). */
const IDS_PER_ROW = 800;
const key = (groupId: string, part: number): string => `${groupId}|${part}`;

/**
 * The groups mirror, one group per row (large groups continue on more rows): what group/delta said about names,
 * deletions and direct memberships. The scope and the Slack groups are derived from it.
 */
export class GroupRepository implements GroupStore {
  constructor(private readonly tables: TableProvider) {}

  async get(jobId: string, groupId: string): Promise<GroupRecord | undefined> {
    const client = await this.tables.table(TABLES.groups);
    const first = await readEntity<Entity>(client, jobId, key(groupId, 0));
    if (first === undefined) return undefined;
    const rest = await Promise.all(
      Array.from({ length: Math.max(0, (first.parts ?? 1) - 1) }, (_, i) =>
        client.getEntity<Entity>(jobId, key(groupId, i + 1)),
      ),
    );
    return fromEntities([first, ...rest]);
  }

  async getMany(jobId: string, groupIds: readonly string[]): Promise<Map<string, GroupRecord>> {
    const out = new Map<string, GroupRecord>();
    for (const ids of chunk([...new Set(groupIds)], 16)) {
      const found = await Promise.all(ids.map((id) => this.get(jobId, id)));
      found.forEach((g) => g && out.set(g.groupId, g));
    }
    return out;
  }

  async list(jobId: string): Promise<Map<string, GroupRecord>> {
    const out = new Map<string, GroupRecord>();
    for await (const g of this.entries(jobId)) out.set(g.groupId, g);
    return out;
  }

  /**
   * Every group, one at a time: a group's rows are read in key order (its continuation rows follow its first), and a
   * group is handed out as soon as all its rows are in, so only the groups being read are held.
   */
  async *entries(jobId: string): AsyncIterable<GroupRecord> {
    const client = await this.tables.table(TABLES.groups);
    const open = new Map<string, Entity[]>();
    for await (const e of client.listEntities<Entity>({ queryOptions: { filter: odata`PartitionKey eq ${jobId}` } })) {
      const rows = open.get(e.groupId) ?? [];
      rows.push(e);
      open.set(e.groupId, rows);
      const first = rows.find((r) => r.part === 0);
      if (!first) continue;
      const parts = first.parts ?? 1;
      if (new Set(rows.filter((r) => r.part < parts).map((r) => r.part)).size < parts) continue;
      open.delete(e.groupId);
      const g = fromEntities(rows);
      if (g) yield g;
    }
    // Rows of a group whose part count never completed (a save interrupted between transactions): what there is.
    for (const rows of open.values()) {
      const g = fromEntities(rows);
      if (g) yield g;
    }
  }

  /** Every group's name, deletion and nested groups; the user columns are not read (a query with $select). */
  async structure(jobId: string): Promise<Map<string, GroupStructure>> {
    const client = await this.tables.table(TABLES.groups);
    const byGroup = new Map<string, GroupStructure>();
    const select = ["groupId", "part", "displayName", "removed", "groupIds"];
    const filter = odata`PartitionKey eq ${jobId}`;
    for await (const e of client.listEntities<Partial<Entity>>({ queryOptions: { filter, select } })) {
      if (e.groupId === undefined) continue;
      const g = byGroup.get(e.groupId) ?? { groupId: e.groupId, groups: new Set<string>() };
      if (e.part === 0) {
        if (e.displayName) g.displayName = e.displayName;
        if (e.removed === "changed" || e.removed === "deleted") g.removed = e.removed;
      }
      for (const id of e.groupIds ? e.groupIds.split(",") : []) g.groups.add(id);
      byGroup.set(e.groupId, g);
    }
    return byGroup;
  }

  /** Writes the groups (all their rows), deleting continuation rows a group no longer needs. */
  async save(jobId: string, groups: readonly GroupRecord[], previous: ReadonlyMap<string, GroupRecord>): Promise<void> {
    const previousParts = partsOf(previous);
    const client = await this.tables.table(TABLES.groups);
    const actions: TransactionAction[] = [];
    for (const g of groups) {
      const users = [...g.users].sort();
      const subgroups = [...g.groups].sort();
      const parts = Math.max(1, Math.ceil(users.length / IDS_PER_ROW), Math.ceil(subgroups.length / IDS_PER_ROW));
      for (let part = 0; part < parts; part++) {
        const slice = (ids: string[]) => ids.slice(part * IDS_PER_ROW, (part + 1) * IDS_PER_ROW).join(",");
        actions.push([
          "upsert",
          {
            partitionKey: jobId,
            rowKey: key(g.groupId, part),
            groupId: g.groupId,
            part,
            userIds: slice(users),
            groupIds: slice(subgroups),
            ...(part === 0
              ? { parts, displayName: g.displayName ?? "", removed: g.removed ?? "", round: g.round }
              : {}),
          },
          "Replace",
        ]);
      }
      for (let part = parts; part < (previousParts.get(g.groupId) ?? 1); part++) {
        actions.push(["delete", { partitionKey: jobId, rowKey: key(g.groupId, part) }]);
      }
    }
    await submitInBatches(client, actions);
  }
}

/** How many rows each group occupies now (to delete surplus continuation rows on save). */
function partsOf(groups: ReadonlyMap<string, GroupRecord>): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of groups.values()) {
    out.set(g.groupId, Math.max(1, Math.ceil(g.users.size / IDS_PER_ROW), Math.ceil(g.groups.size / IDS_PER_ROW)));
  }
  return out;
}

function fromEntities(entities: Entity[]): GroupRecord | undefined {
  const first = entities.find((e) => e.part === 0);
  if (!first) return undefined;
  // A continuation row a shorter save left behind (its part beyond the count) is not the group's.
  const parts = first.parts ?? 1;
  const rows = entities.filter((e) => e.part < parts);
  const split = (s: string) => (s ? s.split(",") : []);
  const removed = first.removed === "changed" || first.removed === "deleted" ? first.removed : undefined;
  return {
    groupId: first.groupId,
    ...(first.displayName ? { displayName: first.displayName } : {}),
    ...(removed ? { removed } : {}),
    round: first.round ?? 0,
    users: new Set(rows.flatMap((e) => split(e.userIds))),
    groups: new Set(rows.flatMap((e) => split(e.groupIds))),
  };
}
