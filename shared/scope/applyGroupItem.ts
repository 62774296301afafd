import type { DeltaItem } from "../graph/DeltaPage";
import type { GraphGroupDelta } from "../graph/GraphGroup";
import type { GroupRecord } from "../state/GroupRepository";
import type { ScopeTouch } from "./ScopeTouch";

/**
 * One groups/delta item applied to the mirror's record of the group (`base`, undefined for a group not seen before):
 * the new record, and the scope touches it causes. In a full round (`fresh`: the group's first appearance in it) the
 * members start empty, and the caller derives the whole scope instead of using the touches. Pure.
 */
export function applyGroupItem(
  base: GroupRecord | undefined,
  item: DeltaItem<GraphGroupDelta>,
  round: number,
  fresh: boolean,
): { group: GroupRecord; touches: ScopeTouch[] } {
  const id = item.kind === "present" ? item.object.id : item.id;
  const touches: ScopeTouch[] = [];
  const start = fresh || !base;
  const g: GroupRecord = {
    groupId: id,
    round,
    users: start ? new Set() : new Set(base.users),
    groups: start ? new Set() : new Set(base.groups),
    ...(base?.displayName ? { displayName: base.displayName } : {}),
  };
  if (item.kind === "removed") {
    g.removed = item.reason;
    if (!base?.removed) touches.push({ kind: "below", groupId: id });
    return { group: g, touches };
  }
  const o = item.object;
  if (typeof o.displayName === "string") g.displayName = o.displayName;
  // A new, renamed or restored group: its users' paths (which name it) or their scope may change.
  if (!base || base.removed || g.displayName !== base.displayName) touches.push({ kind: "below", groupId: id });
  for (const m of o.membersAdded) {
    if (m.type === "user") {
      g.users.add(m.id);
      touches.push({ kind: "edge", userId: m.id, groupId: id, op: "add" });
    } else if (m.type === "group") {
      g.groups.add(m.id);
      touches.push({ kind: "below", groupId: m.id });
    }
  }
  for (const m of o.membersRemoved) {
    if (g.groups.delete(m.id)) touches.push({ kind: "below", groupId: m.id });
    if (g.users.delete(m.id) || m.type === "user") {
      touches.push({ kind: "edge", userId: m.id, groupId: id, op: "remove" });
    }
  }
  return { group: g, touches };
}
