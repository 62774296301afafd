import type { CreateGroupInput, GroupMemberRef } from "../graph-emulator/emulatorTypes";
import { SeededRandom } from "./SeededRandom";

/** A demo group as the Graph emulator imports it (members reference users and other demo groups). */
export type SeedGroup = CreateGroupInput & { id: string; displayName: string; members: GroupMemberRef[] };

export interface DemoGroups {
  groups: SeedGroup[];
  /** Groups assigned to the Slack service principal. */
  groupAssignments: string[];
  /** Users not directly assigned that come into scope only through the assigned groups (nested ones included). */
  usersInScopeOnlyViaGroups: string[];
}

/** Users handed to the group builder: every user id, the directly assigned ones, and ids to keep out of groups. */
export interface DemoGroupInput {
  seed: number;
  userIds: readonly string[];
  assignedUserIds: readonly string[];
  /** Users never put in a group (the expected Slack rejections, so group provisioning stays clean). */
  excludedUserIds: ReadonlySet<string>;
  /** Users that may come into scope through groups (unassigned, enabled). */
  unassignedEnabledUserIds: readonly string[];
}

const VIA_GROUPS = 5;

/**
 * The demo's groups, drawn with their own PRNG stream so the users, assignments and Slack pre-seed stay exactly as
 * they were:
 *   Sales (assigned) → EMEA Sales → DACH Sales, Sales → Americas Sales;
 *   Engineering (assigned) → Platform → SRE → Engineering (a nesting cycle);
 *   Support (assigned, Microsoft 365);
 *   Alumni (not assigned).
 * Members are mostly directly assigned users; five unassigned users sit in DACH Sales, SRE and Americas Sales and
 * come into scope only through the nesting. Alumni holds other unassigned users, who stay out of scope.
 */
export function buildDemoGroups(input: DemoGroupInput): DemoGroups {
  const rng = new SeededRandom((input.seed ^ 0x5eed6a0b) >>> 0);
  const assigned = rng.shuffle(input.assignedUserIds.filter((id) => !input.excludedUserIds.has(id)));
  const pool = rng.shuffle([...input.unassignedEnabledUserIds]);
  const via = pool.slice(0, VIA_GROUPS);
  const alumniOnly = pool.slice(VIA_GROUPS, VIA_GROUPS + 6);
  let next = 0;
  const take = (n: number): GroupMemberRef[] =>
    assigned.slice(next, (next += n)).map((id) => ({ id, type: "user" as const }));
  const user = (id: string): GroupMemberRef => ({ id, type: "user" });
  const group = (id: string): GroupMemberRef => ({ id, type: "group" });
  const ids = Object.fromEntries(
    ["sales", "emea", "dach", "americas", "eng", "platform", "sre", "support", "alumni"].map((k) => [k, rng.guid()]),
  ) as Record<"sales" | "emea" | "dach" | "americas" | "eng" | "platform" | "sre" | "support" | "alumni", string>;
  const security = { mailEnabled: false, securityEnabled: true, groupTypes: [] as string[] };
  const groups: SeedGroup[] = [
    {
      id: ids.sales,
      displayName: "Sales",
      description: "All of sales",
      ...security,
      members: [group(ids.emea), group(ids.americas), ...take(8)],
    },
    { id: ids.emea, displayName: "EMEA Sales", ...security, members: [group(ids.dach), ...take(10)] },
    {
      id: ids.dach,
      displayName: "DACH Sales",
      ...security,
      members: [...take(6), user(via[0] ?? ""), user(via[1] ?? "")],
    },
    { id: ids.americas, displayName: "Americas Sales", ...security, members: [...take(10), user(via[2] ?? "")] },
    { id: ids.eng, displayName: "Engineering", ...security, members: [group(ids.platform), ...take(12)] },
    { id: ids.platform, displayName: "Platform", ...security, members: [group(ids.sre), ...take(8)] },
    {
      id: ids.sre,
      displayName: "SRE",
      ...security,
      members: [group(ids.eng), ...take(5), user(via[3] ?? ""), user(via[4] ?? "")],
    },
    {
      id: ids.support,
      displayName: "Support",
      description: "Customer support (Microsoft 365 group)",
      mailEnabled: true,
      securityEnabled: false,
      groupTypes: ["Unified"],
      members: take(12),
    },
    {
      id: ids.alumni,
      displayName: "Alumni",
      description: "Not assigned to Slack",
      ...security,
      members: [...alumniOnly.map(user), ...take(3)],
    },
  ];
  return {
    groups,
    groupAssignments: [ids.sales, ids.eng, ids.support],
    usersInScopeOnlyViaGroups: [...via].sort(),
  };
}
