import { slackUserNameFor } from "../../dev/seed/buildDemoDirectory";

/** What the bench knows of the tenant it seeded. */
export interface SubjectDirectory {
  users: readonly { id: string; userPrincipalName: string; accountEnabled?: boolean }[];
  assignedUserIds: readonly string[];
  /** Users never chosen (the seeded rejections, users matched to accounts that existed in Slack before). */
  excludedUserIds: readonly string[];
  groups: readonly { id: string; members: readonly { id: string; type: string }[] }[];
  groupAssignments: readonly string[];
}

/** A Slack user as the emulator's admin API lists it. */
export interface SlackAccount {
  id: string;
  userName: string;
  active: boolean;
}

export interface ProvisionedSubject {
  entraId: string;
  userPrincipalName: string;
  slackId: string;
}

export interface ChangeSubjects {
  /** Directly assigned, enabled and active in Slack: for job-title changes and disables (each used once). */
  provisioned: ProvisionedSubject[];
  /** Enabled, unassigned, in no group that leads to an assignment and not in Slack: to add to a nested group. */
  outOfScope: { entraId: string; userPrincipalName: string }[];
  /** Groups nested at any depth in an assigned group, not assigned themselves. */
  nestedGroupIds: string[];
  assignedGroupIds: string[];
}

/** Pure: the users and groups the bench's changes can use, after the initial sync, in the directory's order. */
export function changeSubjects(dir: SubjectDirectory, slack: readonly SlackAccount[]): ChangeSubjects {
  const byUserName = new Map(slack.map((s) => [s.userName.toLowerCase(), s]));
  const excluded = new Set(dir.excludedUserIds);
  const assigned = new Set(dir.assignedUserIds);
  const groups = new Map(dir.groups.map((g) => [g.id, g]));
  const reachable = new Set<string>();
  const inScopeByGroup = new Set<string>();
  const queue = dir.groupAssignments.filter((id) => groups.has(id));
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (reachable.has(id)) continue;
    reachable.add(id);
    for (const m of groups.get(id)?.members ?? []) {
      if (m.type === "group") queue.push(m.id);
      else inScopeByGroup.add(m.id);
    }
  }
  const assignedGroups = new Set(dir.groupAssignments);
  const provisioned: ProvisionedSubject[] = [];
  for (const u of dir.users) {
    if (!assigned.has(u.id) || excluded.has(u.id) || u.accountEnabled === false) continue;
    const account = byUserName.get(slackUserNameFor(u.userPrincipalName));
    if (account?.active)
      provisioned.push({ entraId: u.id, userPrincipalName: u.userPrincipalName, slackId: account.id });
  }
  const outOfScope = dir.users
    .filter(
      (u) => u.accountEnabled !== false && !assigned.has(u.id) && !excluded.has(u.id) && !inScopeByGroup.has(u.id),
    )
    .filter((u) => !byUserName.has(slackUserNameFor(u.userPrincipalName)))
    .map((u) => ({ entraId: u.id, userPrincipalName: u.userPrincipalName }));
  return {
    provisioned,
    outOfScope,
    nestedGroupIds: [...reachable].filter((id) => !assignedGroups.has(id)),
    assignedGroupIds: dir.groupAssignments.filter((id) => groups.has(id)),
  };
}
