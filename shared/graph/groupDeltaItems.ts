import { GraphRequestError } from "../errors";
import type { DeltaItem } from "./DeltaPage";
import type { GraphGroupDelta, GroupMemberKind, GroupMemberRef } from "./GraphGroup";

/**
 * Turns the `value` of one groups/delta page into delta items. A group repeated within the page (Graph splits a large
 * member list into slices) is merged into one item at its first position: later property values win and member
 * entries accumulate, a later entry for the same member replacing an earlier one (add after remove = added). A
 * removal ("@removed" on the group) is kept in order and ends the merge window, so a group that is removed and then
 * appears again yields two items.
 */
export function toGroupDeltaItems(values: readonly unknown[]): DeltaItem<GraphGroupDelta>[] {
  const items: DeltaItem<GraphGroupDelta>[] = [];
  const open = new Map<
    string,
    { group: GraphGroupDelta; members: Map<string, { ref: GroupMemberRef; removed: boolean }> }
  >();
  for (const raw of values) {
    const rec = (raw ?? {}) as Record<string, unknown>;
    const id = rec.id;
    if (typeof id !== "string")
      throw new GraphRequestError("InvalidDeltaResponse", "A groups/delta item has no id.", 200);
    const removed = rec["@removed"] as { reason?: unknown } | undefined;
    if (removed && typeof removed === "object") {
      open.delete(id);
      items.push({ kind: "removed", id, reason: removed.reason === "deleted" ? "deleted" : "changed" });
      continue;
    }
    let entry = open.get(id);
    if (!entry) {
      entry = { group: { id, membersAdded: [], membersRemoved: [] }, members: new Map() };
      open.set(id, entry);
      items.push({ kind: "present", object: entry.group });
    }
    for (const [k, v] of Object.entries(rec)) {
      if (k.startsWith("@") || k.includes("@") || k === "id") continue;
      entry.group[k] = v;
    }
    const members = rec["members@delta"];
    if (members !== undefined && !Array.isArray(members)) {
      throw new GraphRequestError("InvalidDeltaResponse", "members@delta is not a list.", 200);
    }
    for (const m of (members ?? []) as unknown[]) {
      const mr = (m ?? {}) as Record<string, unknown>;
      if (typeof mr.id !== "string") {
        throw new GraphRequestError("InvalidDeltaResponse", "A members@delta entry has no id.", 200);
      }
      const ref: GroupMemberRef = { id: mr.id, type: memberKind(mr["@odata.type"]) };
      entry.members.delete(ref.id);
      entry.members.set(ref.id, { ref, removed: mr["@removed"] !== undefined && mr["@removed"] !== null });
    }
    entry.group.membersAdded = [...entry.members.values()].filter((x) => !x.removed).map((x) => x.ref);
    entry.group.membersRemoved = [...entry.members.values()].filter((x) => x.removed).map((x) => x.ref);
  }
  return items;
}

/** The member kind of an "@odata.type" ("#microsoft.graph.user" → user, "#microsoft.graph.group" → group). */
export function memberKind(odataType: unknown): GroupMemberKind {
  if (typeof odataType !== "string") return "other";
  const t = odataType.replace(/^#/, "").toLowerCase();
  if (t === "microsoft.graph.user") return "user";
  if (t === "microsoft.graph.group") return "group";
  return "other";
}
