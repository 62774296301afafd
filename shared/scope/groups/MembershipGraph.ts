/** A direct member of a group as the scope cares about it: a user or a nested group (other types are ignored). */
export interface ScopeMember {
  id: string;
  type: "user" | "group";
}

/**
 * Group → direct members (users and nested groups), with reverse indexes so a user's containing groups and a group's
 * parents are O(1). Nesting cycles are allowed; every walk is cycle-safe. Mutable; `clone()` for snapshots.
 */
export class MembershipGraph {
  private readonly users = new Map<string, Set<string>>();
  private readonly groups = new Map<string, Set<string>>();
  private readonly userParents = new Map<string, Set<string>>();
  private readonly groupParents = new Map<string, Set<string>>();

  /** Registers a group (with no members yet); idempotent. */
  addGroup(groupId: string): void {
    if (!this.users.has(groupId)) this.users.set(groupId, new Set());
    if (!this.groups.has(groupId)) this.groups.set(groupId, new Set());
  }

  hasGroup(groupId: string): boolean {
    return this.users.has(groupId);
  }

  /** Adds a direct member; returns false when it was already there. A group cannot contain itself. */
  addMember(groupId: string, member: ScopeMember): boolean {
    if (member.type === "group" && member.id === groupId) return false;
    this.addGroup(groupId);
    const set = (member.type === "user" ? this.users : this.groups).get(groupId) as Set<string>;
    if (set.has(member.id)) return false;
    set.add(member.id);
    if (member.type === "group") this.addGroup(member.id);
    link(member.type === "user" ? this.userParents : this.groupParents, member.id, groupId);
    return true;
  }

  /** Removes a direct member; returns false when it was not there. */
  removeMember(groupId: string, member: ScopeMember): boolean {
    const set = (member.type === "user" ? this.users : this.groups).get(groupId);
    if (!set?.delete(member.id)) return false;
    unlink(member.type === "user" ? this.userParents : this.groupParents, member.id, groupId);
    return true;
  }

  /** Removes a group, its member links and its links from parent groups. */
  deleteGroup(groupId: string): void {
    for (const u of [...(this.users.get(groupId) ?? [])]) this.removeMember(groupId, { id: u, type: "user" });
    for (const g of [...(this.groups.get(groupId) ?? [])]) this.removeMember(groupId, { id: g, type: "group" });
    for (const p of [...(this.groupParents.get(groupId) ?? [])]) this.removeMember(p, { id: groupId, type: "group" });
    this.users.delete(groupId);
    this.groups.delete(groupId);
  }

  groupIds(): string[] {
    return [...this.users.keys()];
  }

  directUsers(groupId: string): ReadonlySet<string> {
    return this.users.get(groupId) ?? EMPTY;
  }

  directGroups(groupId: string): ReadonlySet<string> {
    return this.groups.get(groupId) ?? EMPTY;
  }

  /** Groups that have the user as a direct member. */
  groupsOfUser(userId: string): ReadonlySet<string> {
    return this.userParents.get(userId) ?? EMPTY;
  }

  /** Groups that have the group as a direct member. */
  parentsOfGroup(groupId: string): ReadonlySet<string> {
    return this.groupParents.get(groupId) ?? EMPTY;
  }

  /** Every user below the group, nested groups expanded (cycle-safe). */
  usersBelow(groupId: string): Set<string> {
    const out = new Set<string>();
    const seen = new Set<string>([groupId]);
    const stack = [groupId];
    for (let g = stack.pop(); g !== undefined; g = stack.pop()) {
      for (const u of this.directUsers(g)) out.add(u);
      for (const c of this.directGroups(g)) {
        if (!seen.has(c)) {
          seen.add(c);
          stack.push(c);
        }
      }
    }
    return out;
  }

  /** Every user id that is a direct member of some group. */
  allUsers(): Set<string> {
    return new Set(this.userParents.keys());
  }

  clone(): MembershipGraph {
    const c = new MembershipGraph();
    for (const g of this.groupIds()) {
      c.addGroup(g);
      for (const u of this.directUsers(g)) c.addMember(g, { id: u, type: "user" });
      for (const n of this.directGroups(g)) c.addMember(g, { id: n, type: "group" });
    }
    return c;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function link(index: Map<string, Set<string>>, child: string, parent: string): void {
  let s = index.get(child);
  if (!s) {
    s = new Set();
    index.set(child, s);
  }
  s.add(parent);
}

function unlink(index: Map<string, Set<string>>, child: string, parent: string): void {
  const s = index.get(child);
  if (!s) return;
  s.delete(parent);
  if (s.size === 0) index.delete(child);
}
