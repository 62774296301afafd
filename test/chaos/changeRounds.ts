import type { GraphEmulator } from "../../dev/graph-emulator/startGraphEmulator";
import { SeededRandom } from "../../dev/seed/SeededRandom";
import type { ChaosTenant } from "./chaosTenant";
import { createChaosUser } from "./chaosTenant";

/** What the round of changes did in Entra (user ids), for the report. */
export interface ChangeRound {
  updated: string[];
  /** Changes that take users out of Slack: unassigned, sign-in blocked, removed from their only group. */
  unassigned: string[];
  disabled: string[];
  removedFromGroup: string[];
  /** Changes that must not take anyone out: a direct assignment removed from a user still in a group, a second path cut. */
  stillInScope: string[];
  /** Users brought into scope: new ones (direct and through a team), an out-of-scope one assigned, a blocked one enabled. */
  added: string[];
  renamedGroup: string;
  /** How many deactivations the round calls for (kept within the deletion guard's limits, so they are applied). */
  deactivations: number;
}

/**
 * One cycle's worth of ordinary changes, drawn from `seed`: title (and for half of them department) updates for about 5 %
 * of the users, a few unassignments, sign-in blocks and group removals (`deactivations` in all), assignment changes that
 * keep users in scope, new users directly and through a nested team, a group rename.
 */
export function applyChangeRound(
  graph: GraphEmulator,
  tenant: ChaosTenant,
  options: { seed: number; deactivations: number },
): ChangeRound {
  const rng = new SeededRandom(options.seed ^ 0x0c4a6e5);
  const d = graph.directory;
  const singlePath = tenant.orgOnly.filter((id) => !tenant.multiPath.includes(id));
  const directPool = rng.shuffle(tenant.directOnly);
  const orgPool = rng.shuffle(singlePath);
  const perKind = Math.max(1, Math.floor(options.deactivations / 3));
  const unassigned = directPool.splice(0, options.deactivations - 2 * perKind);
  const disabled = [...directPool.splice(0, Math.ceil(perKind / 2)), ...orgPool.splice(0, Math.floor(perKind / 2))];
  const removedFromGroup = orgPool.splice(0, perKind);
  for (const id of unassigned) d.unassign(id);
  for (const id of disabled) d.updateUser(id, { accountEnabled: false });
  for (const id of removedFromGroup) {
    for (const g of tenant.orgGroupsOf.get(id) ?? []) d.removeMember(g, id);
  }

  const stillInScope = [...rng.shuffle(tenant.directAndOrg).slice(0, 2), ...tenant.multiPath.slice(0, 1)];
  for (const id of stillInScope.slice(0, -1)) d.unassign(id);
  const cut = stillInScope.at(-1) as string;
  d.removeMember((tenant.orgGroupsOf.get(cut) ?? [])[0] as string, cut);

  const changed = new Set([...unassigned, ...disabled, ...removedFromGroup]);
  const candidates = [
    ...directPool,
    ...orgPool,
    ...tenant.massOnly,
    ...tenant.directAndOrg,
    ...tenant.directAndMass,
    ...tenant.multiPath,
  ].filter((id) => !changed.has(id));
  const updated = rng.shuffle(candidates).slice(0, Math.max(5, Math.round(candidates.length * 0.05)));
  for (const [i, id] of updated.entries()) {
    d.updateUser(id, {
      jobTitle: `Chaos Title ${i}`,
      ...(i % 2 === 0 ? { department: `Chaos Dept ${i % 7}` } : {}),
    });
  }

  const added: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = createChaosUser(graph, rng, `chaos.new${i}`);
    d.assign({ principalId: id });
    added.push(id);
  }
  for (let i = 0; i < 2; i++) {
    const id = createChaosUser(graph, rng, `chaos.team${i}`);
    d.addMember(rng.pick(tenant.teams), { id, type: "user" });
    added.push(id);
  }
  const contractor = d.getGroup(tenant.contractors).members[0]?.id;
  if (contractor) {
    d.assign({ principalId: contractor });
    added.push(contractor);
  }
  const unblocked = tenant.disabledAtStart[0];
  if (unblocked) {
    d.updateUser(unblocked, { accountEnabled: true });
    added.push(unblocked);
  }
  const renamedGroup = tenant.orgRoots[1] as string;
  d.updateGroup(renamedGroup, { displayName: "Chaos Sales and Partners" });

  return {
    updated,
    unassigned,
    disabled,
    removedFromGroup,
    stillInScope,
    added,
    renamedGroup,
    deactivations: changed.size,
  };
}

/** The mass removal: the three mass groups are unassigned at once (an admin's slip). Returns the group ids. */
export function applyMassRemoval(graph: GraphEmulator, tenant: ChaosTenant): string[] {
  for (const g of tenant.massGroups) graph.directory.unassign(g);
  return tenant.massGroups;
}
