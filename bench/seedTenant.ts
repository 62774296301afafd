/**
 * The bench tenant: 10 % of the users assigned directly, 90 % through 20 groups (10 assigned, each with one nested
 * group one level down), spread evenly; every user but the first has a manager (a tree ten wide).
 */
import type { EmulatorDirectory } from "../dev/graph-emulator/EmulatorDirectory";

export const ASSIGNED_GROUPS = 10;

/** Where each user of a tenant of `size` goes, by index; pure, so the mix can be checked without an emulator. */
export interface TenantPlan {
  size: number;
  /** Indexes of the users assigned directly. */
  direct: number[];
  /** Member indexes of each group: 0..9 the assigned groups, 10..19 the nested one of group i − 10. */
  groupMembers: number[][];
  /** managerOf[i]: index of user i's manager (undefined for the top of the tree). */
  managerOf: (number | undefined)[];
}

export function planTenant(size: number): TenantPlan {
  const direct: number[] = [];
  const groupMembers: number[][] = Array.from({ length: 2 * ASSIGNED_GROUPS }, () => []);
  const managerOf: (number | undefined)[] = [];
  let grouped = 0;
  for (let i = 0; i < size; i++) {
    if (i % 10 === 0) direct.push(i);
    else groupMembers[grouped++ % groupMembers.length]?.push(i);
    managerOf.push(i === 0 ? undefined : Math.floor((i - 1) / 10));
  }
  return { size, direct, groupMembers, managerOf };
}

export interface BenchTenant {
  /** Entra object ids, by user index. */
  userIds: string[];
  /** Assigned groups, then their nested groups. */
  groupIds: string[];
  /** Assignments to the app: direct users plus assigned groups. */
  directAssignments: number;
}

/** Creates the planned tenant in the Graph emulator. */
export function seedTenant(directory: EmulatorDirectory, size: number): BenchTenant {
  const plan = planTenant(size);
  const userIds: string[] = [];
  for (let i = 0; i < size; i++) {
    const u = directory.createUser({
      userPrincipalName: `bench${i}@contoso.example`,
      mail: `bench${i}@contoso.example`,
      displayName: `Bench User ${i}`,
      givenName: "Bench",
      surname: `User ${i}`,
      jobTitle: "Tester",
      department: `Dept ${i % 17}`,
      accountEnabled: true,
    });
    userIds.push(u.id);
  }
  const id = (i: number): string => userIds[i] ?? "";
  plan.managerOf.forEach((m, i) => {
    if (m !== undefined) directory.setManager(id(i), id(m));
  });
  const nested = plan.groupMembers.slice(ASSIGNED_GROUPS).map(
    (members, j) =>
      directory.createGroup({
        displayName: `Bench Team ${j} Nested`,
        members: members.map((i) => ({ id: id(i), type: "user" as const })),
      }).id,
  );
  const assigned = plan.groupMembers.slice(0, ASSIGNED_GROUPS).map(
    (members, j) =>
      directory.createGroup({
        displayName: `Bench Team ${j}`,
        members: [
          ...members.map((i) => ({ id: id(i), type: "user" as const })),
          { id: nested[j] ?? "", type: "group" as const },
        ],
      }).id,
  );
  for (const g of assigned) directory.assign({ principalId: g, principalType: "Group" });
  for (const i of plan.direct) directory.assign({ principalId: id(i) });
  return { userIds, groupIds: [...assigned, ...nested], directAssignments: plan.direct.length + assigned.length };
}
