import { formatPath, GroupScope, MembershipGraph } from "../scope/groups";
import type { GroupRecord } from "../state/GroupRepository";
import type { UserScopeEntry } from "../state/UserScopeRepository";
import type { EngineContext } from "./EngineContext";
import { queueGroupWork, queueUserWork } from "./queueWork";

export interface MaterializeResult {
  entered: number;
  left: number;
  groupsQueued: number;
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
  | "activity"
  | "pending"
  | "queue"
  | "groupProvisioning"
  | "clock"
  | "newId"
  | "log"
>;

/**
 * Derives the scope from the stored assignments and group memberships (nested groups resolved, cycles cut) and stores
 * it: one UserScope row per in-scope user with its paths, and for each assigned group its transitive users. Queues the
 * users whose scope changed and the groups whose Slack group must change. Runs once per cycle, after the groups round
 * and before the users round; every input is a complete read (assignments) or a committed delta round (groups), so
 * leaving scope here is evidence, never a guess.
 */
export class ScopeMaterializer {
  constructor(private readonly ctx: ScopeMaterializerPorts) {}

  async run(cycleId: string, options: { usersRoundIsFull: boolean; origin: string }): Promise<MaterializeResult> {
    const { ctx } = this;
    const [groups, assignments, stored, job] = await Promise.all([
      ctx.groups.list(ctx.jobId),
      ctx.scope.list(ctx.jobId),
      ctx.userScope.list(ctx.jobId),
      ctx.jobs.get(ctx.jobId),
    ]);
    const roleOf = (principalId: string) => {
      const roleId = assignments.get(principalId)?.appRoleId;
      return roleId ? job.appRoles?.[roleId] : undefined;
    };
    const live = (id: string): GroupRecord | undefined => {
      const g = groups.get(id);
      return g && !g.removed ? g : undefined;
    };
    const graph = new MembershipGraph();
    for (const g of groups.values()) {
      if (g.removed) continue;
      graph.addGroup(g.groupId);
      for (const u of g.users) graph.addMember(g.groupId, { id: u, type: "user" });
      for (const sub of g.groups) if (live(sub)) graph.addMember(g.groupId, { id: sub, type: "group" });
    }
    const assignedGroups = [...assignments.values()]
      .filter((a) => a.principalType === "Group" && live(a.principalId))
      .map((a) => a.principalId);
    const assignedUsers = [...assignments.values()].filter((a) => a.principalType === "User").map((a) => a.principalId);
    const scope = GroupScope.compute(graph, { groups: new Set(assignedGroups), users: new Set(assignedUsers) });
    const name = (id: string) => groups.get(id)?.displayName ?? id;

    const next = new Map<string, UserScopeEntry>();
    for (const userId of scope.usersInScope()) {
      const paths = scope.pathsOf(userId);
      const direct = paths.some((p) => p.length === 0);
      const viaGroups = [...new Set(paths.filter((p) => p.length > 0).map((p) => p[0] as string))].sort();
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
    for (const groupId of assignedGroups) {
      const want = new Set(graph.usersBelow(groupId));
      const have = await ctx.groupMembers.list(ctx.jobId, groupId);
      const added = [...want].filter((u) => !have.has(u));
      const removed = [...have].filter((u) => !want.has(u));
      if (added.length || removed.length) {
        await ctx.groupMembers.apply(ctx.jobId, groupId, added, removed);
        dirty.add(groupId);
      }
    }
    const assignedSet = new Set(assignedGroups);
    const linked = new Set<string>();
    for await (const link of ctx.groupLinks.list(ctx.jobId)) {
      linked.add(link.objectId);
      const assigned = assignedSet.has(link.objectId);
      if (!assigned && link.slackId) dirty.add(link.objectId);
      if (assigned && (!link.slackId || link.exported?.displayName !== live(link.objectId)?.displayName)) {
        dirty.add(link.objectId);
      }
    }
    // Every assigned group is reconciled once a cycle whatever changed: a membership update missed for any reason, or
    // an edit made in Slack by hand, is repaired (an unchanged group costs one GET and writes nothing).
    for (const groupId of assignedGroups) dirty.add(groupId);
    // With group provisioning off, Slack groups are left alone entirely.
    if (ctx.groupProvisioning) await queueGroupWork(ctx, cycleId, [...dirty], "scope", options.origin);
    return {
      entered: entered.length,
      left: left.length,
      groupsQueued: ctx.groupProvisioning ? dirty.size : 0,
    };
  }
}
