import { assignedGroupsAbove, assignmentPathsOf, formatPath, MembershipGraph } from "../scope/groups";
import type { ScopeTouches } from "../scope/ScopeTouch";
import { touchCount } from "../scope/ScopeTouch";
import type { GroupStructure } from "../state/GroupRepository";
import { groupRepairClaimed } from "../state/JobState";
import type { ScopeEntry } from "../state/ScopeRepository";
import type { UserScopeEntry } from "../state/UserScopeRepository";
import type { EngineContext } from "./EngineContext";
import { queueGroupWork, queueUserWork } from "./queueWork";

export interface MaterializeResult {
  entered: number;
  left: number;
  groupsQueued: number;
  /** "full": every user derived again (a full groups round); "incremental": only the users the touches reach. */
  mode: "full" | "incremental";
  /** Users whose scope was derived again. */
  derived: number;
}

export type ScopeMaterializerPorts = Pick<
  EngineContext,
  | "jobId"
  | "jobs"
  | "groups"
  | "scope"
  | "userScope"
  | "groupMembers"
  | "groupLinks"
  | "scopeTouches"
  | "userGroups"
  | "activity"
  | "pending"
  | "queue"
  | "groupProvisioning"
  | "clock"
  | "newId"
  | "log"
>;

/** How often incremental cycles reconcile every assigned group (a full cycle always does). */
export const GROUP_REPAIR_INTERVAL_MS = 24 * 60 * 60_000;

/** What one derivation found, for the users it considered (every user, or those the touches reach). */
interface Derivation {
  mode: MaterializeResult["mode"];
  /** The new entries of the considered users that are in scope. */
  next: Map<string, UserScopeEntry>;
  /** The stored entries of the considered users. */
  stored: Map<string, UserScopeEntry>;
  structure: ReadonlyMap<string, GroupStructure>;
  assignedGroups: string[];
  /** Transitive members each group gained and lost. */
  members: Map<string, { added: string[]; removed: string[] }>;
}

/**
 * Derives the scope from the stored assignments and group memberships (nested groups resolved, cycles cut) and stores
 * it: one UserScope row per in-scope user with its paths, and for each assigned group its transitive users. Queues the
 * users whose scope changed and the groups whose Slack group must change. Runs once per cycle, after the groups round
 * and before the users round; every input is a complete read (assignments) or a committed delta round (groups), so
 * leaving scope here is evidence, never a guess.
 *
 * After a groups round that read every group, every user is derived again (and each user's direct groups indexed
 * anew). After an incremental round, only the users the recorded touches reach (ScopeTouch: members@delta's changes,
 * nested groups moved, groups renamed or deleted, assignments changed) are derived, from their own direct groups and
 * the groups' nesting: a cycle with no change derives nobody.
 */
export class ScopeMaterializer {
  constructor(private readonly ctx: ScopeMaterializerPorts) {}

  async run(
    cycleId: string,
    options: { usersRoundIsFull: boolean; groupsRoundIsFull?: boolean; origin: string },
  ): Promise<MaterializeResult> {
    const { ctx } = this;
    const incremental = !options.groupsRoundIsFull && (await ctx.userGroups.isComplete(ctx.jobId));
    const [assignments, job] = await Promise.all([ctx.scope.list(ctx.jobId), ctx.jobs.get(ctx.jobId)]);
    const roleOf = (principalId: string) => {
      const roleId = assignments.get(principalId)?.appRoleId;
      return roleId ? job.appRoles?.[roleId] : undefined;
    };
    const d = incremental
      ? await this.incremental(assignments, roleOf, await ctx.scopeTouches.list(ctx.jobId))
      : await this.full(assignments, roleOf);
    const { next, stored } = d;

    const entered = [...next.keys()].filter((id) => !stored.has(id));
    const left = [...stored.keys()].filter((id) => !next.has(id));
    const changed = [...next.values()].filter((e) => {
      const before = stored.get(e.userId);
      return !before || JSON.stringify(before) !== JSON.stringify(e);
    });

    // Leaving scope is evidence; whether the deactivations it causes go ahead is the deletion guard's decision (the
    // users' runs stage them, and the cycle's removal gate releases or holds them all at once).
    await ctx.userScope.apply(ctx.jobId, changed, left);

    // Users: those who left scope always; those who entered only when the users round will not read them anyway.
    // A user whose app roles changed is re-evaluated too ([appRoleAssignments] may be mapped).
    const rolesChanged = options.usersRoundIsFull
      ? []
      : changed
          .filter((e) => stored.has(e.userId))
          .filter((e) => JSON.stringify(stored.get(e.userId)?.appRoles ?? []) !== JSON.stringify(e.appRoles ?? []))
          .map((e) => e.userId);
    const users = [...left, ...(options.usersRoundIsFull ? [] : entered), ...rolesChanged];
    await queueUserWork(ctx, cycleId, users, "scope", options.origin);

    // Groups: every assigned group whose transitive members changed, is new, or whose Slack group needs attention;
    // every formerly linked group that is no longer assigned (or is gone).
    const dirty = new Set<string>();
    for (const [groupId, { added, removed }] of d.members) {
      if (added.length === 0 && removed.length === 0) continue;
      await ctx.groupMembers.apply(ctx.jobId, groupId, added, removed);
      if (d.assignedGroups.includes(groupId)) dirty.add(groupId);
    }
    const assignedSet = new Set(d.assignedGroups);
    const live = (id: string) => {
      const g = d.structure.get(id);
      return g && !g.removed ? g : undefined;
    };
    for await (const link of ctx.groupLinks.list(ctx.jobId)) {
      const assigned = assignedSet.has(link.objectId);
      if (!assigned && link.slackId) dirty.add(link.objectId);
      if (assigned && (!link.slackId || link.exported?.displayName !== live(link.objectId)?.displayName)) {
        dirty.add(link.objectId);
      }
    }
    // Every assigned group is reconciled in a full cycle, and once a day otherwise, whatever changed: a membership
    // update missed for any reason, or an edit made in Slack by hand, is repaired (an unchanged group costs one GET and
    // a read of its members' links, and writes nothing).
    const now = ctx.clock();
    const repair =
      d.mode === "full" ||
      options.usersRoundIsFull ||
      !job.lastGroupRepairAt ||
      now.getTime() - Date.parse(job.lastGroupRepairAt) >= GROUP_REPAIR_INTERVAL_MS;
    if (repair) for (const groupId of d.assignedGroups) dirty.add(groupId);
    // With group provisioning off, Slack groups are left alone entirely.
    if (ctx.groupProvisioning) await queueGroupWork(ctx, cycleId, [...dirty], "scope", options.origin);
    if (repair && ctx.groupProvisioning) {
      await ctx.jobs.apply(ctx.jobId, groupRepairClaimed(now, GROUP_REPAIR_INTERVAL_MS, true));
    }
    return {
      entered: entered.length,
      left: left.length,
      groupsQueued: ctx.groupProvisioning ? dirty.size : 0,
      mode: d.mode,
      derived: d.mode === "full" ? next.size + left.length : new Set([...next.keys(), ...stored.keys()]).size,
    };
  }

  /** Every user again, from the whole groups mirror; rebuilds each user's direct-groups index on the way. */
  private async full(assignments: ReadonlyMap<string, ScopeEntry>, roleOf: RoleOf): Promise<Derivation> {
    const { ctx } = this;
    const [groups, stored] = await Promise.all([ctx.groups.list(ctx.jobId), ctx.userScope.list(ctx.jobId)]);
    const structure = new Map<string, GroupStructure>();
    for (const [id, g] of groups) {
      structure.set(id, {
        groupId: id,
        groups: g.groups,
        ...(g.displayName ? { displayName: g.displayName } : {}),
        ...(g.removed ? { removed: g.removed } : {}),
      });
    }
    const graph = structureGraph(structure);
    const index = new Map<string, Set<string>>();
    for (const g of groups.values()) {
      for (const u of g.users) {
        const set = index.get(u) ?? new Set<string>();
        set.add(g.groupId);
        index.set(u, set);
        if (!g.removed) graph.addMember(g.groupId, { id: u, type: "user" });
      }
    }
    await this.rebuildIndex(index);
    const assignedGroups = assignedGroupsOf(assignments, structure);
    const assignedUsers = [...assignments.values()].filter((a) => a.principalType === "User").map((a) => a.principalId);
    const next = entriesOf(graph, structure, assignedGroups, new Set(assignedUsers), roleOf);

    const members = new Map<string, { added: string[]; removed: string[] }>();
    const linked = new Set<string>();
    for await (const link of ctx.groupLinks.list(ctx.jobId)) linked.add(link.objectId);
    const assignedSet = new Set(assignedGroups);
    // Assigned groups hold their transitive users; a linked group no longer assigned holds none.
    for (const groupId of new Set([...assignedGroups, ...linked])) {
      const want = assignedSet.has(groupId) ? graph.usersBelow(groupId) : new Set<string>();
      const have = await ctx.groupMembers.list(ctx.jobId, groupId);
      members.set(groupId, {
        added: [...want].filter((u) => !have.has(u)),
        removed: [...have].filter((u) => !want.has(u)),
      });
    }
    return { mode: "full", next, stored, structure, assignedGroups, members };
  }

  /** Only the users the touches reach, from their own index rows and the groups' nesting. */
  private async incremental(
    assignments: ReadonlyMap<string, ScopeEntry>,
    roleOf: RoleOf,
    touches: ScopeTouches,
  ): Promise<Derivation> {
    const { ctx } = this;
    const structure = await ctx.groups.structure(ctx.jobId);
    const assignedGroups = assignedGroupsOf(assignments, structure);
    if (touchCount(touches) === 0) {
      return { mode: "incremental", next: new Map(), stored: new Map(), structure, assignedGroups, members: new Map() };
    }

    // Membership changes move the index first (idempotent: the same touches give the same rows).
    const edgeUsers = [...new Set(touches.edges.map((e) => e.userId))];
    const index = await ctx.userGroups.getMany(ctx.jobId, edgeUsers);
    for (const e of touches.edges) {
      const set = index.get(e.userId) ?? new Set<string>();
      if (e.op === "add") set.add(e.groupId);
      else set.delete(e.groupId);
      index.set(e.userId, set);
    }
    await ctx.userGroups.put(ctx.jobId, index);

    const considered = new Set([...edgeUsers, ...touches.users]);
    for (const u of await this.usersBelow(structure, touches.below)) considered.add(u);
    const missing = [...considered].filter((u) => !index.has(u));
    for (const [u, groups] of await ctx.userGroups.getMany(ctx.jobId, missing)) index.set(u, groups);

    const graph = structureGraph(structure);
    for (const u of considered) {
      for (const g of index.get(u) ?? []) {
        if (structure.get(g) && !structure.get(g)?.removed) graph.addMember(g, { id: u, type: "user" });
      }
    }
    const assignedUsers = [...considered].filter((u) => assignments.get(u)?.principalType === "User");
    const next = entriesOf(graph, structure, assignedGroups, new Set(assignedUsers), roleOf);
    const stored = await ctx.userScope.getMany(ctx.jobId, [...considered]);

    // Each assigned group gains the users that now reach it and loses those that no longer do.
    const members = new Map<string, { added: string[]; removed: string[] }>();
    const change = (groupId: string) => {
      const c = members.get(groupId) ?? { added: [], removed: [] };
      members.set(groupId, c);
      return c;
    };
    for (const u of considered) {
      const before = new Set(stored.get(u)?.viaGroups ?? []);
      const after = new Set(next.get(u)?.viaGroups ?? []);
      for (const g of after) if (!before.has(g)) change(g).added.push(u);
      for (const g of before) if (!after.has(g)) change(g).removed.push(u);
    }
    ctx.log.info(
      `Scope: ${touchCount(touches)} change(s) reach ${considered.size} user(s); the other users are not read.`,
    );
    return { mode: "incremental", next, stored, structure, assignedGroups, members };
  }

  /** The users below the groups (nested groups expanded, cycle-safe): reads only those groups' members. */
  private async usersBelow(structure: ReadonlyMap<string, GroupStructure>, roots: ReadonlySet<string>) {
    const groups = new Set<string>();
    const queue = [...roots];
    while (queue.length > 0) {
      const id = queue.pop() as string;
      if (groups.has(id)) continue;
      groups.add(id);
      for (const sub of structure.get(id)?.groups ?? []) queue.push(sub);
    }
    const users = new Set<string>();
    const records = await this.ctx.groups.getMany(this.ctx.jobId, [...groups]);
    for (const g of records.values()) for (const u of g.users) users.add(u);
    return users;
  }

  /** Writes the index rows that differ from `index` (the mirror's truth), removes the others, and marks it complete. */
  private async rebuildIndex(index: ReadonlyMap<string, Set<string>>): Promise<void> {
    const { ctx } = this;
    const changes = new Map<string, Set<string>>();
    const seen = new Set<string>();
    for await (const [userId, groups] of ctx.userGroups.list(ctx.jobId)) {
      seen.add(userId);
      const want = index.get(userId) ?? new Set<string>();
      if (want.size !== groups.size || [...want].some((g) => !groups.has(g))) changes.set(userId, want);
    }
    for (const [userId, groups] of index) if (!seen.has(userId)) changes.set(userId, groups);
    await ctx.userGroups.put(ctx.jobId, changes);
    await ctx.userGroups.markComplete(ctx.jobId);
  }
}

type RoleOf = (principalId: string) => { value: string | null; displayName: string | null } | undefined;

/** The live groups and their nesting, without users. */
function structureGraph(structure: ReadonlyMap<string, GroupStructure>): MembershipGraph {
  const graph = new MembershipGraph();
  const live = (id: string) => structure.get(id) !== undefined && !structure.get(id)?.removed;
  for (const g of structure.values()) {
    if (g.removed) continue;
    graph.addGroup(g.groupId);
    for (const sub of g.groups) if (live(sub)) graph.addMember(g.groupId, { id: sub, type: "group" });
  }
  return graph;
}

function assignedGroupsOf(
  assignments: ReadonlyMap<string, ScopeEntry>,
  structure: ReadonlyMap<string, GroupStructure>,
): string[] {
  return [...assignments.values()]
    .filter(
      (a) => a.principalType === "Group" && structure.get(a.principalId) && !structure.get(a.principalId)?.removed,
    )
    .map((a) => a.principalId);
}

/** The scope entry of every user of the graph (and every assigned user) that is in scope. */
function entriesOf(
  graph: MembershipGraph,
  structure: ReadonlyMap<string, GroupStructure>,
  assignedGroups: readonly string[],
  assignedUsers: ReadonlySet<string>,
  roleOf: RoleOf,
): Map<string, UserScopeEntry> {
  const groups = new Set(assignedGroups);
  const assigned = { groups, users: assignedUsers };
  const name = (id: string) => structure.get(id)?.displayName ?? id;
  const next = new Map<string, UserScopeEntry>();
  // Each user's paths straight from the graph (GroupScope.compute would copy the whole graph first).
  for (const userId of [...new Set([...graph.allUsers(), ...assignedUsers])].sort()) {
    const paths = assignmentPathsOf(graph, assigned, userId);
    if (paths.length === 0) continue;
    const direct = paths.some((p) => p.length === 0);
    const viaGroups = assignedGroupsAbove(graph, groups, userId);
    const appRoles = [direct ? roleOf(userId) : undefined, ...viaGroups.map(roleOf)].filter(
      (r): r is { value: string | null; displayName: string | null } => r !== undefined,
    );
    next.set(userId, {
      userId,
      direct,
      viaGroups,
      ...(appRoles.length > 0 ? { appRoles } : {}),
      paths: paths.map((p) =>
        p.length === 0 ? "assigned directly" : formatPath(p, "user", name).replace(/ → user$/, ""),
      ),
    });
  }
  return next;
}
