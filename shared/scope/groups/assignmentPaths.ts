import type { MembershipGraph } from "./MembershipGraph";

/**
 * One way a user is in scope: the group ids from an assigned group down to the group that has the user as a direct
 * member (["Sales", "EMEA Sales"] for Sales → EMEA Sales → user). A direct assignment of the user is the empty path.
 */
export type AssignmentPath = readonly string[];

/** What is assigned to the app: groups (nested members included) and users. */
export interface ScopeAssignments {
  groups: ReadonlySet<string>;
  users: ReadonlySet<string>;
}

/** Default cap on paths kept per user (the number of simple paths can grow exponentially with diamond nestings). */
export const DEFAULT_MAX_PATHS_PER_USER = 64;

/**
 * Every simple path (no group twice, so nesting cycles terminate) from an assigned group down to the user, sorted,
 * plus [] when the user is assigned directly. Walks upwards from the user's groups through parent links. At most
 * `maxPaths` paths are kept (the first in sorted order) and the enumeration is bounded; whether the user is in scope
 * never depends on those bounds: a linear reachability search decides it and contributes a shortest path.
 */
export function assignmentPathsOf(
  graph: MembershipGraph,
  assignments: ScopeAssignments,
  userId: string,
  maxPaths: number = DEFAULT_MAX_PATHS_PER_USER,
): AssignmentPath[] {
  const found = new Map<string, string[]>();
  if (assignments.users.has(userId)) found.set("", []);
  const shortest = shortestGroupPath(graph, assignments, userId);
  if (shortest) found.set(pathKey(shortest), shortest);
  const chain: string[] = [];
  const onChain = new Set<string>();
  let visits = 0;
  const budget = Math.max(maxPaths, 1) * 16;
  const up = (group: string): void => {
    if (visits++ >= budget) return;
    chain.push(group);
    onChain.add(group);
    if (assignments.groups.has(group)) {
      const path = [...chain].reverse();
      found.set(pathKey(path), path);
    }
    for (const parent of [...graph.parentsOfGroup(group)].sort()) if (!onChain.has(parent)) up(parent);
    chain.pop();
    onChain.delete(group);
  };
  for (const g of [...graph.groupsOfUser(userId)].sort()) up(g);
  const all = [...found.values()].sort((a, b) => compareKeys(pathKey(a), pathKey(b)));
  if (all.length <= maxPaths) return all;
  // Keep the reachability witness when the cap cuts the list.
  const kept = all.slice(0, maxPaths);
  if (shortest && !kept.some((p) => pathKey(p) === pathKey(shortest))) kept[kept.length - 1] = shortest;
  return kept;
}

/** Whether the user is in scope: assigned directly, or below an assigned group (cycle-safe, linear). */
export function isInScope(graph: MembershipGraph, assignments: ScopeAssignments, userId: string): boolean {
  return assignments.users.has(userId) || shortestGroupPath(graph, assignments, userId) !== undefined;
}

/** Breadth-first search upwards from the user's groups; the first assigned group reached gives a shortest path. */
function shortestGroupPath(
  graph: MembershipGraph,
  assignments: ScopeAssignments,
  userId: string,
): string[] | undefined {
  const child = new Map<string, string | null>();
  const queue: string[] = [];
  for (const g of [...graph.groupsOfUser(userId)].sort()) {
    child.set(g, null);
    queue.push(g);
  }
  for (let i = 0; i < queue.length; i++) {
    const g = queue[i] as string;
    if (assignments.groups.has(g)) {
      const path: string[] = [];
      for (let at: string | null | undefined = g; at; at = child.get(at)) path.push(at);
      return path;
    }
    for (const parent of [...graph.parentsOfGroup(g)].sort()) {
      if (!child.has(parent)) {
        child.set(parent, g);
        queue.push(parent);
      }
    }
  }
  return undefined;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A stable string for a path (for comparisons and storage). */
export function pathKey(path: AssignmentPath): string {
  return path.join(">");
}

/** "Sales → EMEA Sales → Ada" (ids replaced by names where known); a direct assignment reads "direct → Ada". */
export function formatPath(path: AssignmentPath, user: string, names: (id: string) => string | undefined): string {
  if (path.length === 0) return `direct → ${user}`;
  return [...path.map((id) => names(id) ?? id), user].join(" → ");
}

/**
 * Every assigned group that reaches the user: its direct groups and their ancestors (cycle-safe, linear), those that
 * are assigned, sorted. Exact where `assignmentPathsOf` keeps only the first paths of a user with very many.
 */
export function assignedGroupsAbove(
  graph: MembershipGraph,
  assignedGroups: ReadonlySet<string>,
  userId: string,
): string[] {
  const seen = new Set<string>(graph.groupsOfUser(userId));
  const queue = [...seen];
  for (let i = 0; i < queue.length; i++) {
    for (const parent of graph.parentsOfGroup(queue[i] as string)) {
      if (!seen.has(parent)) {
        seen.add(parent);
        queue.push(parent);
      }
    }
  }
  return [...seen].filter((g) => assignedGroups.has(g)).sort();
}
