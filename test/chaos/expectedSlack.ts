import type { EmulatorDirectory } from "../../dev/graph-emulator/EmulatorDirectory";
import { slackUserName } from "../../shared/slack/slackUserName";

/** What one Entra user should look like in Slack. */
export interface ExpectedUser {
  objectId: string;
  upn: string;
  userName: string;
  email: string;
  /** "active": exists once and is active, with `title` and `department`; "inactive": exists, deactivated. */
  state: "active" | "inactive";
  title: string | null;
  department: string | null;
}

/** What one Slack group should hold: the userNames of its members. */
export interface ExpectedGroup {
  objectId: string;
  displayName: string;
  members: Set<string>;
}

/** The expected Slack state after a phase, computed from the Graph emulator's directory alone. */
export interface ExpectedSlack {
  /** Every Entra user that Slack should know of (active or deactivated), by userName. */
  users: Map<string, ExpectedUser>;
  /** Entra users that must not exist in Slack (never in scope and enabled), by userName. */
  absent: Set<string>;
  /** The Slack groups that should exist, by Entra group id. */
  groups: Map<string, ExpectedGroup>;
  /** Entra user ids whose deactivation the deletion guard should be holding. */
  heldUsers: Set<string>;
  /** Entra group ids whose Slack group deletion should be held. */
  heldGroups: Set<string>;
  /** Entra user ids that are active in Slack after this phase (the next phase's `previouslyActive`). */
  active: Set<string>;
}

/** What came before the phase: who was active after the previous phase, and who was ever in Slack. */
export interface ExpectationHistory {
  previouslyActive: ReadonlySet<string>;
  everInSlack: ReadonlySet<string>;
  /** Groups that had a Slack group after the previous phase. */
  previousGroups: ReadonlySet<string>;
}

/** The deletion guard's settings the run uses (DEACTIVATION_THRESHOLD, …_PERCENT, GROUP_DELETE_THRESHOLD). */
export interface GuardLimits {
  deactivationThreshold: number;
  deactivationThresholdPercent: number;
  groupDeleteThreshold: number;
}

/**
 * The independent oracle: in scope = assigned directly or a member of an assigned group through any nesting (cycles
 * cut); in scope and enabled → active with the directory's title and department. A user who was active and no longer
 * is in scope or enabled is deactivated, unless the phase (one cycle of changes) removes more users than the deletion
 * guard allows (the absolute limit or the percentage of the managed users, whichever is smaller): then every one of
 * them is held and stays active; likewise Slack groups whose Entra group lost its assignment, with their own limit.
 * Users who were never in Slack must not be there.
 */
export function expectedSlack(
  directory: EmulatorDirectory,
  history: ExpectationHistory,
  limits: GuardLimits,
): ExpectedSlack {
  const groups = new Map(directory.listGroups().map((g) => [g.id, g]));
  const assignments = directory.listAssignments();
  const assignedGroups = assignments.filter((a) => a.principalType === "Group").map((a) => a.principalId);
  const members = (groupId: string): Set<string> => {
    const users = new Set<string>();
    const seen = new Set<string>();
    const walk = (id: string) => {
      const g = groups.get(id);
      if (seen.has(id) || !g || g.deletedDateTime) return;
      seen.add(id);
      for (const m of g.members) {
        if (m.type === "user") users.add(m.id);
        else walk(m.id);
      }
    };
    walk(groupId);
    return users;
  };
  const inScope = new Set(assignments.filter((a) => a.principalType === "User").map((a) => a.principalId));
  for (const g of assignedGroups) for (const u of members(g)) inScope.add(u);

  const allUsers = directory.listUsers();
  const enabled = new Set(allUsers.filter((u) => u.accountEnabled !== false && !u.deletedDateTime).map((u) => u.id));
  const active = new Set(allUsers.filter((u) => inScope.has(u.id) && enabled.has(u.id)).map((u) => u.id));
  const removed = [...history.previouslyActive].filter((id) => !active.has(id));
  const managed = new Set([...history.previouslyActive, ...active]).size;
  const userLimit = Math.min(
    limits.deactivationThreshold,
    Math.floor((managed * limits.deactivationThresholdPercent) / 100),
  );
  const heldUsers = new Set(removed.length > userLimit ? removed : []);
  for (const id of heldUsers) active.add(id);

  const users = new Map<string, ExpectedUser>();
  const absent = new Set<string>();
  for (const u of allUsers) {
    const upn = u.userPrincipalName ?? "";
    const userName = slackUserName(upn);
    const known = active.has(u.id) || history.everInSlack.has(u.id);
    if (!known) {
      absent.add(userName);
      continue;
    }
    users.set(userName, {
      objectId: u.id,
      upn,
      userName,
      email: (u.mail ?? upn).toLowerCase(),
      state: active.has(u.id) ? "active" : "inactive",
      title: u.jobTitle ?? null,
      department: u.department ?? null,
    });
  }

  const userNameOf = new Map(allUsers.map((u) => [u.id, slackUserName(u.userPrincipalName ?? "")]));
  const expectedGroups = new Map<string, ExpectedGroup>();
  const slackGroups = new Set(assignedGroups);
  const removedGroups = [...history.previousGroups].filter((g) => !slackGroups.has(g));
  const heldGroups = new Set(removedGroups.length > limits.groupDeleteThreshold ? removedGroups : []);
  for (const g of heldGroups) slackGroups.add(g);
  for (const g of slackGroups) {
    const group = groups.get(g);
    if (!group) continue;
    const names = [...members(g)].filter((u) => active.has(u)).map((u) => userNameOf.get(u) ?? u);
    expectedGroups.set(g, { objectId: g, displayName: group.displayName, members: new Set(names) });
  }
  return { users, absent, groups: expectedGroups, heldUsers, heldGroups, active };
}
