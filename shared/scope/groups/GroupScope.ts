import type { AssignmentPath, ScopeAssignments } from "./assignmentPaths";
import { assignmentPathsOf, DEFAULT_MAX_PATHS_PER_USER, pathKey } from "./assignmentPaths";
import type { GroupScopeChange, GroupScopeDelta } from "./GroupScopeChange";
import type { MembershipGraph } from "./MembershipGraph";

/**
 * The assignment scope with nested groups: the membership graph, the assigned groups and users, and for every user in
 * scope its assignment paths. `apply` updates it incrementally and reports exactly the users whose in-scope status or
 * paths changed; only users below the changed point are recomputed. Pure (no I/O); `compute` is the from-scratch
 * equivalent.
 */
export class GroupScope {
  private readonly paths = new Map<string, AssignmentPath[]>();

  private constructor(
    private readonly graph: MembershipGraph,
    private readonly assigned: { groups: Set<string>; users: Set<string> },
    private readonly maxPaths: number,
  ) {}

  /** Resolves every user from scratch. The graph is copied; later changes go through `apply`. */
  static compute(
    graph: MembershipGraph,
    assignments: ScopeAssignments,
    maxPaths: number = DEFAULT_MAX_PATHS_PER_USER,
  ): GroupScope {
    const scope = new GroupScope(
      graph.clone(),
      { groups: new Set(assignments.groups), users: new Set(assignments.users) },
      maxPaths,
    );
    const candidates = new Set([...scope.graph.allUsers(), ...assignments.users]);
    for (const u of candidates) scope.refresh(u);
    return scope;
  }

  /** Users in scope, sorted. */
  usersInScope(): string[] {
    return [...this.paths.keys()].sort();
  }

  isInScope(userId: string): boolean {
    return this.paths.has(userId);
  }

  /** The user's assignment paths (empty when out of scope). */
  pathsOf(userId: string): AssignmentPath[] {
    return this.paths.get(userId) ?? [];
  }

  /** A copy of the membership graph (for storage). */
  membership(): MembershipGraph {
    return this.graph.clone();
  }

  assignments(): ScopeAssignments {
    return { groups: new Set(this.assigned.groups), users: new Set(this.assigned.users) };
  }

  /** Applies one change and returns the users it moved in or out of scope, or whose paths it changed. */
  apply(change: GroupScopeChange): GroupScopeDelta {
    const affected = new Set<string>();
    const below = (groupId: string): void => {
      for (const u of this.graph.usersBelow(groupId)) affected.add(u);
    };
    switch (change.kind) {
      case "memberAdded":
      case "memberRemoved": {
        if (change.member.type === "user") affected.add(change.member.id);
        else below(change.member.id);
        if (change.kind === "memberAdded") this.graph.addMember(change.groupId, change.member);
        else this.graph.removeMember(change.groupId, change.member);
        if (change.member.type === "group") below(change.member.id);
        break;
      }
      case "groupDeleted":
        below(change.groupId);
        this.graph.deleteGroup(change.groupId);
        this.assigned.groups.delete(change.groupId);
        break;
      case "groupAssigned":
      case "groupUnassigned":
        below(change.groupId);
        if (change.kind === "groupAssigned") this.assigned.groups.add(change.groupId);
        else this.assigned.groups.delete(change.groupId);
        break;
      case "userAssigned":
        affected.add(change.userId);
        this.assigned.users.add(change.userId);
        break;
      case "userUnassigned":
        affected.add(change.userId);
        this.assigned.users.delete(change.userId);
        break;
    }
    const delta: GroupScopeDelta = { entered: [], left: [], pathsChanged: [] };
    for (const u of [...affected].sort()) {
      const before = this.paths.get(u);
      const after = this.refresh(u);
      if (!before && after) delta.entered.push(u);
      else if (before && !after) delta.left.push(u);
      else if (before && after && !samePaths(before, after)) delta.pathsChanged.push(u);
    }
    return delta;
  }

  private refresh(userId: string): AssignmentPath[] | undefined {
    const found = assignmentPathsOf(this.graph, this.assigned, userId, this.maxPaths);
    if (found.length === 0) {
      this.paths.delete(userId);
      return undefined;
    }
    this.paths.set(userId, found);
    return found;
  }
}

function samePaths(a: AssignmentPath[], b: AssignmentPath[]): boolean {
  return a.length === b.length && a.every((p, i) => pathKey(p) === pathKey(b[i] ?? []));
}
