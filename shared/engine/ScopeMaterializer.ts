import type { ScopeAssignments } from "../scope/groups";
import { assignedGroupsAbove, assignmentPathsOf, formatPath, MembershipGraph } from "../scope/groups";
import type { ScopeTouches } from "../scope/ScopeTouch";
import { touchCount } from "../scope/ScopeTouch";
import type { GroupStructure } from "../state/GroupRepository";
import { groupRepairClaimed } from "../state/JobState";
import type { ScopeEntry } from "../state/ScopeRepository";
import type { UserScopeEntry } from "../state/UserScopeRepository";
import type { KeyRange } from "../state/keyRanges";
import { inKeyRange, keyRanges } from "../state/keyRanges";
import { safeKey } from "../state/keys";
import type { EngineContext } from "./EngineContext";
import { queueGroupWork, queueUserWork } from "./queueWork";
import { DEFAULT_GROUP_MAPPING } from "../mapping/DEFAULT_GROUP_MAPPING";
import { mapGroup } from "../mapping/mapGroup";

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
  | "memberChanges"
  | "groupMapping"
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
  structure: ReadonlyMap<string, GroupStructure>;
  assignedGroups: string[];
  /** Transitive members each group gained and lost (only the groups, with empty lists, when `membersWritten`). */
  members: Map<string, { added: string[]; removed: string[] }>;
  /** The derivation wrote the member changes itself (a full one, range by range). */
  membersWritten?: boolean;
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
  private readonly shardMemberships: number;

  /** `shardMemberships`: memberships a full derivation holds at once (SHARD_MEMBERSHIPS; tests make ranges small). */
  constructor(
    private readonly ctx: ScopeMaterializerPorts,
    options: { shardMemberships?: number } = {},
  ) {
    this.shardMemberships = Math.max(1, options.shardMemberships ?? SHARD_MEMBERSHIPS);
  }

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
    // Who entered is queued only when the users round will not read them anyway (a full one reads everybody).
    const diff = new ScopeDiff((upserts, deletes) => ctx.userScope.apply(ctx.jobId, upserts, deletes), {
      keepEntered: !options.usersRoundIsFull,
    });
    const d = incremental
      ? await this.incremental(assignments, roleOf, await ctx.scopeTouches.list(ctx.jobId), diff)
      : await this.full(assignments, roleOf, diff);
    // Leaving scope is evidence; whether the deactivations it causes go ahead is the deletion guard's decision (the
    // users' runs stage them, and the cycle's removal gate releases or holds them all at once).
    await diff.flush();
    const { entered, left, enteredCount } = diff;

    // Users: those who left scope always; those who entered only when the users round will not read them anyway.
    // A user whose app roles changed is re-evaluated too ([appRoleAssignments] may be mapped).
    const rolesChanged = options.usersRoundIsFull ? [] : diff.rolesChanged;
    const users = [...left, ...(options.usersRoundIsFull ? [] : entered), ...rolesChanged];
    await queueUserWork(ctx, cycleId, users, "scope", options.origin);

    // Groups: every assigned group whose transitive members changed, is new, or whose Slack group needs attention;
    // every formerly linked group that is no longer assigned (or is gone).
    const dirty = new Set<string>();
    const assignedSet = new Set(d.assignedGroups);
    // Transitive members an assigned group gained or lost. After a full derivation its group is reconciled; after an
    // incremental one, a group already in Slack gets member changes for just these users (below).
    const memberMoves = new Map<string, string[]>();
    for (const [groupId, { added, removed }] of d.members) {
      if (!d.membersWritten) {
        if (added.length === 0 && removed.length === 0) continue;
        await ctx.groupMembers.apply(ctx.jobId, groupId, added, removed);
      }
      if (!assignedSet.has(groupId)) continue;
      if (d.mode === "full") dirty.add(groupId);
      else memberMoves.set(groupId, [...added, ...removed]);
    }
    const live = (id: string) => {
      const g = d.structure.get(id);
      return g && !g.removed ? g : undefined;
    };
    const inSlack = new Set<string>();
    // The name compared is the one the groups mapping gives (a mapping change renames the Slack group), and a group
    // the group scoping filters now leave out is reconciled (its Slack group is deleted, through the deletion guard).
    const groupMapping = ctx.groupMapping ?? DEFAULT_GROUP_MAPPING;
    for await (const link of ctx.groupLinks.list(ctx.jobId)) {
      const assigned = assignedSet.has(link.objectId);
      if (link.slackId) inSlack.add(link.objectId);
      if (!assigned && link.slackId) dirty.add(link.objectId);
      const group = assigned ? live(link.objectId) : undefined;
      const mapped = group ? mapGroup({ ...group, groupId: link.objectId }, groupMapping) : undefined;
      const wantedName = mapped?.kind === "group" ? mapped.displayName : undefined;
      if (mapped?.kind === "outOfScope") {
        if (link.slackId) dirty.add(link.objectId);
      } else if (assigned && (!link.slackId || link.exported?.displayName !== wantedName)) {
        dirty.add(link.objectId);
      }
    }
    // A group not in Slack yet is created by its reconcile, with every member.
    for (const groupId of memberMoves.keys()) if (!inSlack.has(groupId)) dirty.add(groupId);
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
    // The other groups whose members moved: one member change per moved user, applied by the group's member-change run
    // (PATCH add/remove for just them, decided from the users' state then), instead of a reconcile that reads the Slack
    // group and every member's link: a member event costs O(moved members), not O(group).
    const memberOnly = [...memberMoves].filter(([groupId]) => !dirty.has(groupId));
    if (ctx.groupProvisioning && memberOnly.length > 0) {
      await ctx.memberChanges.record(
        ctx.jobId,
        memberOnly.flatMap(([groupId, userIds]) => userIds.map((userId) => ({ groupId, userId, id: ctx.newId() }))),
      );
      await queueGroupWork(
        ctx,
        cycleId,
        memberOnly.map(([groupId]) => groupId),
        "member",
        options.origin,
        { delayMs: 0 },
      );
    }
    if (repair && ctx.groupProvisioning) {
      await ctx.jobs.apply(ctx.jobId, groupRepairClaimed(now, GROUP_REPAIR_INTERVAL_MS, true));
    }
    return {
      entered: enteredCount,
      left: left.length,
      groupsQueued: ctx.groupProvisioning ? dirty.size + memberOnly.length : 0,
      mode: d.mode,
      derived: diff.considered,
    };
  }

  /**
   * Every user again, from the whole groups mirror, streamed and in key ranges: the memberships are split by the user's
   * row key into ranges of about SHARD_MEMBERSHIPS each, and each range is derived on its own (the groups mirror read
   * group by group, keeping the range's members; the range's index rows, scope rows and group member rows compared and
   * written as they are read), so what is held at once is one range, whatever the tenant's size. The groups' nesting
   * and names (no members) are held throughout.
   */
  private async full(
    assignments: ReadonlyMap<string, ScopeEntry>,
    roleOf: RoleOf,
    diff: ScopeDiff,
  ): Promise<Derivation> {
    const { ctx } = this;
    const structure = await ctx.groups.structure(ctx.jobId);
    const assignedGroups = assignedGroupsOf(assignments, structure);
    const assignedUsers = [...assignments.values()].filter((a) => a.principalType === "User").map((a) => a.principalId);
    let memberships = 0;
    for await (const g of ctx.groups.entries(ctx.jobId)) memberships += g.users.size;
    const ranges = keyRanges(Math.ceil((memberships + assignedUsers.length) / this.shardMemberships));
    const linked = new Set<string>();
    for await (const link of ctx.groupLinks.list(ctx.jobId)) linked.add(link.objectId);
    const compared = [...new Set([...assignedGroups, ...linked])];
    const members = new Map<string, { added: string[]; removed: string[] }>();
    for (const range of ranges) {
      await this.fullRange(range, structure, assignedGroups, assignedUsers, compared, roleOf, diff, (groupId) =>
        members.set(groupId, { added: [], removed: [] }),
      );
    }
    await ctx.userGroups.markComplete(ctx.jobId);
    if (ranges.length > 1) {
      ctx.log.info(
        `Scope: ${memberships} membership(s) and ${assignedUsers.length} direct assignment(s) derived in ${ranges.length} key ranges.`,
      );
    }
    // The groups whose members moved (already written): a full derivation reconciles them all.
    return { mode: "full", structure, assignedGroups, members, membersWritten: true };
  }

  /** One key range of a full derivation: its users' index rows, scope entries and group member rows. */
  private async fullRange(
    range: KeyRange,
    structure: ReadonlyMap<string, GroupStructure>,
    assignedGroups: readonly string[],
    assignedUsers: readonly string[],
    compared: readonly string[],
    roleOf: RoleOf,
    diff: ScopeDiff,
    membersMoved: (groupId: string) => void,
  ): Promise<void> {
    const { ctx } = this;
    const here = (userId: string) => inKeyRange(safeKey(userId), range);
    const graph = structureGraph(structure);
    // Direct members of deleted groups: indexed (a restore brings them back) but not in the graph.
    const removedEdges = new Map<string, string[]>();
    for await (const g of ctx.groups.entries(ctx.jobId)) {
      for (const u of g.users) {
        if (!here(u)) continue;
        if (!g.removed) graph.addMember(g.groupId, { id: u, type: "user" });
        else removedEdges.set(u, [...(removedEdges.get(u) ?? []), g.groupId]);
      }
    }
    await this.rebuildIndex(graph, removedEdges, range);
    const assigned = {
      groups: new Set(assignedGroups),
      users: new Set(assignedUsers.filter(here)),
    };
    const entryOf = (userId: string) => entryFor(graph, structure, assigned, roleOf, userId);
    const seen = new Set<string>();
    for await (const before of ctx.userScope.entries(ctx.jobId, range)) {
      seen.add(before.userId);
      await diff.add(before.userId, before, entryOf(before.userId));
    }
    for (const userId of [...graph.allUsers(), ...assigned.users]) {
      if (seen.has(userId)) continue;
      seen.add(userId);
      await diff.add(userId, undefined, entryOf(userId));
    }
    // Assigned groups hold their transitive users; a linked group no longer assigned holds none. One group at a time.
    for (const groupId of compared) {
      const want = assigned.groups.has(groupId) ? graph.usersBelow(groupId) : new Set<string>();
      const have = await ctx.groupMembers.list(ctx.jobId, groupId, range);
      const added = [...want].filter((u) => !have.has(u));
      const removed = [...have].filter((u) => !want.has(u));
      if (added.length === 0 && removed.length === 0) continue;
      await ctx.groupMembers.apply(ctx.jobId, groupId, added, removed);
      membersMoved(groupId);
    }
  }

  /** Only the users the touches reach, from their own index rows and the groups' nesting. */
  private async incremental(
    assignments: ReadonlyMap<string, ScopeEntry>,
    roleOf: RoleOf,
    touches: ScopeTouches,
    diff: ScopeDiff,
  ): Promise<Derivation> {
    const { ctx } = this;
    const structure = await ctx.groups.structure(ctx.jobId);
    const assignedGroups = assignedGroupsOf(assignments, structure);
    if (touchCount(touches) === 0) {
      return { mode: "incremental", structure, assignedGroups, members: new Map() };
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
    const assigned = {
      groups: new Set(assignedGroups),
      users: new Set([...considered].filter((u) => assignments.get(u)?.principalType === "User")),
    };
    const stored = await ctx.userScope.getMany(ctx.jobId, [...considered]);

    // Each assigned group gains the users that now reach it and loses those that no longer do.
    const members = new Map<string, { added: string[]; removed: string[] }>();
    const change = (groupId: string) => {
      const c = members.get(groupId) ?? { added: [], removed: [] };
      members.set(groupId, c);
      return c;
    };
    for (const u of [...considered].sort()) {
      const after = entryFor(graph, structure, assigned, roleOf, u);
      const before = stored.get(u);
      await diff.add(u, before, after);
      const was = new Set(before?.viaGroups ?? []);
      const is = new Set(after?.viaGroups ?? []);
      for (const g of is) if (!was.has(g)) change(g).added.push(u);
      for (const g of was) if (!is.has(g)) change(g).removed.push(u);
    }
    ctx.log.info(
      `Scope: ${touchCount(touches)} change(s) reach ${considered.size} user(s); the other users are not read.`,
    );
    return { mode: "incremental", structure, assignedGroups, members };
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

  /**
   * Rewrites the index rows of the key range that differ from the mirror (each user's live groups in the graph, and
   * deleted groups that still list it), streamed in batches, and removes the range's other rows.
   */
  private async rebuildIndex(
    graph: MembershipGraph,
    removedEdges: ReadonlyMap<string, string[]>,
    range: KeyRange,
  ): Promise<void> {
    const { ctx } = this;
    const want = (userId: string) => new Set([...graph.groupsOfUser(userId), ...(removedEdges.get(userId) ?? [])]);
    let batch = new Map<string, Set<string>>();
    const write = async (force: boolean) => {
      if (batch.size === 0 || (!force && batch.size < INDEX_BATCH)) return;
      await ctx.userGroups.put(ctx.jobId, batch);
      batch = new Map();
    };
    const seen = new Set<string>();
    for await (const [userId, groups] of ctx.userGroups.list(ctx.jobId, range)) {
      seen.add(userId);
      const w = want(userId);
      if (w.size !== groups.size || [...w].some((g) => !groups.has(g))) batch.set(userId, w);
      await write(false);
    }
    for (const userId of [...graph.allUsers(), ...removedEdges.keys()]) {
      if (seen.has(userId)) continue;
      seen.add(userId);
      batch.set(userId, want(userId));
      await write(false);
    }
    await write(true);
  }
}

/**
 * Memberships (and direct assignments) a full derivation holds at once: about 200 bytes each in the membership graph
 * and its indexes, so a few MB per range, whatever the tenant's size.
 */
export const SHARD_MEMBERSHIPS = 20_000;
/** Index rows written per store call while rebuilding. */
const INDEX_BATCH = 500;
/** Scope rows written per store call. */
const SCOPE_BATCH = 500;

/**
 * The change of the stored scope, user by user: writes in batches as it goes, and keeps only the ids the caller queues
 * (who left, whose app roles changed, and who entered when asked to; otherwise only their count).
 */
class ScopeDiff {
  readonly entered: string[] = [];
  enteredCount = 0;
  readonly left: string[] = [];
  readonly rolesChanged: string[] = [];
  considered = 0;
  private upserts: UserScopeEntry[] = [];
  private deletes: string[] = [];

  constructor(
    private readonly write: (upserts: UserScopeEntry[], deletes: string[]) => Promise<void>,
    private readonly options: { keepEntered: boolean },
  ) {}

  async add(userId: string, before: UserScopeEntry | undefined, after: UserScopeEntry | undefined): Promise<void> {
    this.considered++;
    if (!before && !after) return;
    if (!before) {
      this.enteredCount++;
      if (this.options.keepEntered) this.entered.push(userId);
    } else if (!after) this.left.push(userId);
    if (after && (!before || JSON.stringify(before) !== JSON.stringify(after))) {
      this.upserts.push(after);
      if (before && JSON.stringify(before.appRoles ?? []) !== JSON.stringify(after.appRoles ?? [])) {
        this.rolesChanged.push(userId);
      }
    }
    if (before && !after) this.deletes.push(userId);
    if (this.upserts.length + this.deletes.length >= SCOPE_BATCH) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.upserts.length === 0 && this.deletes.length === 0) return;
    const [upserts, deletes] = [this.upserts, this.deletes];
    this.upserts = [];
    this.deletes = [];
    await this.write(upserts, deletes);
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

/** The user's scope entry, or undefined when it is out of scope. */
function entryFor(
  graph: MembershipGraph,
  structure: ReadonlyMap<string, GroupStructure>,
  assigned: ScopeAssignments,
  roleOf: RoleOf,
  userId: string,
): UserScopeEntry | undefined {
  const paths = assignmentPathsOf(graph, assigned, userId);
  if (paths.length === 0) return undefined;
  const name = (id: string) => structure.get(id)?.displayName ?? id;
  const direct = paths.some((p) => p.length === 0);
  const viaGroups = assignedGroupsAbove(graph, assigned.groups, userId);
  const appRoles = [direct ? roleOf(userId) : undefined, ...viaGroups.map(roleOf)].filter(
    (r): r is { value: string | null; displayName: string | null } => r !== undefined,
  );
  return {
    userId,
    direct,
    viaGroups,
    ...(appRoles.length > 0 ? { appRoles } : {}),
    paths: paths.map((p) =>
      p.length === 0 ? "assigned directly" : formatPath(p, "user", name).replace(/ → user$/, ""),
    ),
  };
}
