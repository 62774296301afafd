import type { GroupRecord, GroupStructure } from "../../../shared/state/GroupRepository";
import type { GroupStore } from "../../../shared/state/StatePorts";
import { InMemoryTable } from "./InMemoryTable";

/** A group as GroupRepository reads it back: ids sorted, an empty name or removal absent. */
interface Row {
  groupId: string;
  displayName: string;
  removed: string;
  round: number;
  users: string[];
  groups: string[];
}

/**
 * GroupStore in memory, like GroupRepository: one record per group (the Table adapter splits large groups over
 * continuation rows, which `previous` lets it clean up; here a group is always one row, so `previous` is not needed).
 */
export class InMemoryGroupStore implements GroupStore {
  readonly table = new InMemoryTable<Row>();

  get(jobId: string, groupId: string): Promise<GroupRecord | undefined> {
    const row = this.table.get(jobId, groupId);
    return Promise.resolve(row ? fromRow(row) : undefined);
  }

  async getMany(jobId: string, groupIds: readonly string[]): Promise<Map<string, GroupRecord>> {
    const out = new Map<string, GroupRecord>();
    for (const id of new Set(groupIds)) {
      const g = await this.get(jobId, id);
      if (g) out.set(g.groupId, g);
    }
    return out;
  }

  list(jobId: string): Promise<Map<string, GroupRecord>> {
    return Promise.resolve(new Map(this.table.partition(jobId).map(([, row]) => [row.groupId, fromRow(row)])));
  }

  async *entries(jobId: string): AsyncIterable<GroupRecord> {
    for (const [, row] of this.table.partition(jobId)) yield await Promise.resolve(fromRow(row));
  }

  async structure(jobId: string): Promise<Map<string, GroupStructure>> {
    const out = new Map<string, GroupStructure>();
    for (const [id, g] of await this.list(jobId)) {
      out.set(id, {
        groupId: g.groupId,
        groups: g.groups,
        ...(g.displayName ? { displayName: g.displayName } : {}),
        ...(g.removed ? { removed: g.removed } : {}),
      });
    }
    return out;
  }

  save(jobId: string, groups: readonly GroupRecord[], _previous: ReadonlyMap<string, GroupRecord>): Promise<void> {
    for (const g of groups) {
      this.table.set(jobId, g.groupId, {
        groupId: g.groupId,
        displayName: g.displayName ?? "",
        removed: g.removed ?? "",
        round: g.round,
        users: [...g.users].sort(),
        groups: [...g.groups].sort(),
      });
    }
    return Promise.resolve();
  }
}

function fromRow(row: Row): GroupRecord {
  const removed = row.removed === "changed" || row.removed === "deleted" ? row.removed : undefined;
  return {
    groupId: row.groupId,
    ...(row.displayName ? { displayName: row.displayName } : {}),
    ...(removed ? { removed } : {}),
    round: row.round,
    users: new Set(row.users),
    groups: new Set(row.groups),
  };
}
