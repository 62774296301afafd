import type { GraphEmulator } from "../../dev/graph-emulator/startGraphEmulator";
import { SeededRandom } from "../../dev/seed/SeededRandom";
import type { SlackEmulator } from "../../dev/slack-emulator/startSlackEmulator";

export const CHAOS_DOMAIN = "contoso.example";

const TITLES = ["Analyst", "Engineer", "Designer", "Manager", "Consultant", "Architect"];
const DEPARTMENTS = ["R&D", "Sales", "Operations", "Finance", "Support"];

/**
 * The chaos run's tenant, by how each user is in scope (ids of Entra users). Every user is in exactly one of the
 * first eight lists.
 */
export interface ChaosTenant {
  /** Never assigned; half of them sit in an unassigned group. */
  out: string[];
  /** Assigned directly with sign-in blocked: never created. */
  disabledAtStart: string[];
  directOnly: string[];
  /** In scope only through the nested organisation groups (one group each, or two: see multiPath). */
  orgOnly: string[];
  /** In scope only through the three "mass" groups, which the mass removal unassigns. */
  massOnly: string[];
  directAndOrg: string[];
  directAndMass: string[];
  /** orgOnly users that are members of two organisation groups, one under each root. */
  multiPath: string[];
  /** The organisation groups a user is a direct member of. */
  orgGroupsOf: Map<string, string[]>;
  /** Assigned roots of the organisation trees, every organisation group (roots included), and the leaf teams. */
  orgRoots: string[];
  orgGroups: string[];
  teams: string[];
  /** The three assigned mass groups (each with a nested subgroup). */
  massGroups: string[];
  /** The unassigned group of half the `out` users. */
  contractors: string;
  /** directOnly users that exist in Slack before the first cycle (to adopt), active or deactivated. */
  preexistingActive: string[];
  preexistingInactive: string[];
  /** userNames of Slack users that have nothing to do with Entra (an owner, a bot, a partner): never touched. */
  unmanagedSlack: string[];
}

export function chaosUpn(local: string): string {
  return `${local}@${CHAOS_DOMAIN}`;
}

/** Creates one Entra user with the attributes the mapping sends (userName ← UPN, title, department, …). */
export function createChaosUser(
  graph: GraphEmulator,
  rng: SeededRandom,
  local: string,
  options: { enabled?: boolean } = {},
): string {
  const upn = chaosUpn(local);
  return graph.directory.createUser({
    userPrincipalName: upn,
    mail: upn,
    displayName: local.replace(/\./g, " "),
    givenName: "Chaos",
    surname: local,
    jobTitle: rng.pick(TITLES),
    department: rng.pick(DEPARTMENTS),
    accountEnabled: options.enabled ?? true,
  }).id;
}

/**
 * Builds the tenant in the Graph emulator (users, nested groups with a nesting cycle, assignments) and the Slack users
 * that exist beforehand, all drawn from `seed`. Shares of `users`: 4 % out of scope, 1 % assigned but blocked, 30 % only
 * through the organisation groups (a tenth of them by two paths), 12 % only through the mass groups, 2 % directly and
 * through the organisation groups, 1 % directly and through a mass group, the rest (about half) directly only.
 */
export function buildChaosTenant(
  graph: GraphEmulator,
  slack: SlackEmulator,
  options: { users: number; seed: number },
): ChaosTenant {
  const rng = new SeededRandom(options.seed);
  const n = options.users;
  const ids = Array.from({ length: n }, (_, i) => createChaosUser(graph, rng, `chaos.user${i}`));
  const pool = rng.shuffle(ids);
  let next = 0;
  const take = (share: number, atLeast = 1) => pool.slice(next, (next += Math.max(atLeast, Math.round(n * share))));
  const out = take(0.04);
  const disabledAtStart = take(0.01);
  const orgOnly = take(0.3, 4);
  const massOnly = take(0.12, 3);
  const directAndOrg = take(0.02);
  const directAndMass = take(0.01);
  const directOnly = pool.slice(next);
  if (directOnly.length < 10) throw new Error(`A chaos tenant needs more users than ${n}.`);
  for (const id of disabledAtStart) graph.directory.updateUser(id, { accountEnabled: false });

  // Organisation trees: two assigned roots, three divisions each, two teams per division; a team contains its root.
  const d = graph.directory;
  const orgRoots: string[] = [];
  const orgGroups: string[] = [];
  const teams: string[] = [];
  const teamsByRoot: string[][] = [];
  for (const root of ["Chaos Engineering", "Chaos Sales"]) {
    const divisions: string[] = [];
    const rootTeams: string[] = [];
    for (let dv = 1; dv <= 3; dv++) {
      const ts = [1, 2].map((t) => d.createGroup({ displayName: `${root} Div ${dv} Team ${t}` }).id);
      rootTeams.push(...ts);
      divisions.push(d.createGroup({ displayName: `${root} Div ${dv}`, members: ts }).id);
    }
    const rootId = d.createGroup({ displayName: root, members: divisions }).id;
    d.addMember(rootTeams[0] as string, { id: rootId, type: "group" });
    orgRoots.push(rootId);
    orgGroups.push(rootId, ...divisions, ...rootTeams);
    teams.push(...rootTeams);
    teamsByRoot.push([rootId, ...divisions, ...rootTeams]);
  }
  const orgGroupsOf = new Map<string, string[]>();
  const join = (userId: string, groupId: string) => {
    d.addMember(groupId, { id: userId, type: "user" });
    orgGroupsOf.set(userId, [...(orgGroupsOf.get(userId) ?? []), groupId]);
  };
  // Mostly in teams, some in divisions or roots.
  const orgGroupFor = (tree: readonly string[]) =>
    rng.chance(0.7) ? rng.pick(tree.slice(4)) : rng.pick(tree.slice(0, 4));
  const multiPath = orgOnly.slice(0, Math.max(2, Math.round(orgOnly.length / 10)));
  for (const id of [...orgOnly, ...directAndOrg]) {
    const root = rng.int(0, 1);
    join(id, orgGroupFor(teamsByRoot[root] as string[]));
    if (multiPath.includes(id)) join(id, orgGroupFor(teamsByRoot[1 - root] as string[]));
  }

  // Three mass groups, each with a nested subgroup; 40 % of their users sit in the subgroup.
  const massGroups: string[] = [];
  const massMembers = rng.shuffle([...massOnly, ...directAndMass]);
  for (const [k, name] of ["A", "B", "C"].entries()) {
    const mine = massMembers.filter((_, i) => i % 3 === k);
    const inSub = mine.filter(() => rng.chance(0.4));
    const sub = d.createGroup({ displayName: `Chaos Mass ${name} Sub`, members: inSub }).id;
    const top = mine.filter((id) => !inSub.includes(id));
    massGroups.push(d.createGroup({ displayName: `Chaos Mass ${name}`, members: [sub, ...top] }).id);
  }
  const contractors = d.createGroup({
    displayName: "Chaos Contractors",
    members: out.slice(0, Math.ceil(out.length / 2)),
  }).id;

  for (const id of [...directOnly, ...directAndOrg, ...directAndMass, ...disabledAtStart])
    d.assign({ principalId: id });
  for (const id of [...orgRoots, ...massGroups]) d.assign({ principalId: id, principalType: "Group" });

  // Slack before the first cycle: some directly assigned users already exist (half deactivated), and three accounts
  // that are not Entra's.
  const preexisting = directOnly.slice(0, Math.max(2, Math.round(n * 0.02)));
  const preexistingActive = preexisting.filter((_, i) => i % 2 === 0);
  const preexistingInactive = preexisting.filter((_, i) => i % 2 === 1);
  for (const id of preexisting) {
    const u = d.getUser(id);
    slack.store.seedUser({
      userName: (u.userPrincipalName ?? "").split("@")[0] ?? "",
      emails: [{ value: u.mail ?? "", primary: true }],
      displayName: String(u.displayName),
      title: "Old Title",
      active: preexistingActive.includes(id),
    });
  }
  const unmanaged = [
    { userName: "chaos.owner", role: "primaryOwner" as const },
    { userName: "chaos.bot", role: "bot" as const },
    { userName: "partner.guest", role: "member" as const },
  ];
  for (const u of unmanaged) {
    slack.store.seedUser({ userName: u.userName, emails: [{ value: `${u.userName}@partner.example` }], role: u.role });
  }

  return {
    out,
    disabledAtStart,
    directOnly,
    orgOnly,
    massOnly,
    directAndOrg,
    directAndMass,
    multiPath,
    orgGroupsOf,
    orgRoots,
    orgGroups,
    teams,
    massGroups,
    contractors,
    preexistingActive,
    preexistingInactive,
    unmanagedSlack: unmanaged.map((u) => u.userName),
  };
}
