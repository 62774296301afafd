/**
 * A change since the scope was last derived that may move users in or out of scope, or change their paths. Recorded
 * as the groups round reads members@delta and as the cycle reads the assignments; the next derivation of the scope
 * recomputes only the users they reach (ScopeMaterializer), so its cost follows the changes, not the tenant.
 *
 * - `edge`: the user became (`add`) or stopped being (`remove`) a direct member of the group;
 * - `below`: every user below the group may be affected (a nested group added or removed under a parent, a group
 *   renamed, deleted or restored, or a group assigned or unassigned);
 * - `user`: the user's own direct assignment changed.
 */
export type ScopeTouch =
  | { kind: "edge"; userId: string; groupId: string; op: "add" | "remove" }
  | { kind: "below"; groupId: string }
  | { kind: "user"; userId: string };

/** The touches pending, grouped: the last membership operation of each (user, group), and the rest. */
export interface ScopeTouches {
  edges: { userId: string; groupId: string; op: "add" | "remove" }[];
  below: Set<string>;
  users: Set<string>;
}

export function emptyTouches(): ScopeTouches {
  return { edges: [], below: new Set(), users: new Set() };
}

export function touchCount(t: ScopeTouches): number {
  return t.edges.length + t.below.size + t.users.size;
}
