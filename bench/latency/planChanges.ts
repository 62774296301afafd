import type { ChangeKind } from "./ExpectedWrite";

/** Every six changes: three job titles, a disable, a new member of a nested group, a new user in an assigned group. */
export const CHANGE_MIX: readonly ChangeKind[] = [
  "jobTitle",
  "disable",
  "jobTitle",
  "nestedMember",
  "jobTitle",
  "newUserInGroup",
];

/** Pure: the kinds of `count` changes, the mix repeated (so any prefix of six or more has every kind). */
export function planChanges(count: number): ChangeKind[] {
  return Array.from(
    { length: Math.max(0, Math.floor(count)) },
    (_, i) => CHANGE_MIX[i % CHANGE_MIX.length] as ChangeKind,
  );
}
