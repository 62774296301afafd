import { MembershipGraph } from "./MembershipGraph";

/**
 * The membership graph as Table Storage rows: one row per group (more for a large group), member ids comma-separated.
 * A Table string property holds at most 32K UTF-16 characters, so a row carries at most `maxIdsPerRow` ids per
 * column (default 800 GUIDs ≈ 29,600 characters). Row keys are for the caller to build, e.g. `${groupId}:${part}`.
 */
export interface MembershipRow {
  groupId: string;
  /** 0 for the first row of a group, 1, 2, … for its continuation rows. */
  part: number;
  /** Direct member user ids, comma-separated ("" for none). */
  userIds: string;
  /** Direct member group ids, comma-separated ("" for none). */
  groupIds: string;
}

export const DEFAULT_MAX_IDS_PER_ROW = 800;

/** Rows for every group (a group without members still gets part 0), sorted by group id then part. */
export function toMembershipRows(
  graph: MembershipGraph,
  maxIdsPerRow: number = DEFAULT_MAX_IDS_PER_ROW,
): MembershipRow[] {
  if (!Number.isInteger(maxIdsPerRow) || maxIdsPerRow < 1) throw new RangeError("maxIdsPerRow must be >= 1");
  const rows: MembershipRow[] = [];
  for (const groupId of graph.groupIds().sort()) {
    const users = [...graph.directUsers(groupId)].sort();
    const groups = [...graph.directGroups(groupId)].sort();
    const parts = Math.max(1, Math.ceil(users.length / maxIdsPerRow), Math.ceil(groups.length / maxIdsPerRow));
    for (let part = 0; part < parts; part++) {
      const slice = (ids: string[]) => ids.slice(part * maxIdsPerRow, (part + 1) * maxIdsPerRow).join(",");
      rows.push({ groupId, part, userIds: slice(users), groupIds: slice(groups) });
    }
  }
  return rows;
}

/** Rebuilds the graph from rows in any order. */
export function fromMembershipRows(rows: Iterable<MembershipRow>): MembershipGraph {
  const graph = new MembershipGraph();
  for (const row of rows) {
    graph.addGroup(row.groupId);
    for (const id of split(row.userIds)) graph.addMember(row.groupId, { id, type: "user" });
    for (const id of split(row.groupIds)) graph.addMember(row.groupId, { id, type: "group" });
  }
  return graph;
}

function split(ids: string): string[] {
  return ids === "" ? [] : ids.split(",");
}
