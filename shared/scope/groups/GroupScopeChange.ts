import type { ScopeMember } from "./MembershipGraph";

/** One change to the membership graph or to the assignments. */
export type GroupScopeChange =
  | { kind: "memberAdded"; groupId: string; member: ScopeMember }
  | { kind: "memberRemoved"; groupId: string; member: ScopeMember }
  /** The group is gone from the directory: its links and its assignment go with it. */
  | { kind: "groupDeleted"; groupId: string }
  | { kind: "groupAssigned"; groupId: string }
  | { kind: "groupUnassigned"; groupId: string }
  | { kind: "userAssigned"; userId: string }
  | { kind: "userUnassigned"; userId: string };

/** What a change did to the users (each list sorted, no user in two lists). */
export interface GroupScopeDelta {
  /** Users now in scope that were not before. */
  entered: string[];
  /** Users no longer in scope (every path is gone). */
  left: string[];
  /** Users in scope before and after whose set of assignment paths changed. */
  pathsChanged: string[];
}
