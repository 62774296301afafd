export { MembershipGraph } from "./MembershipGraph";
export type { ScopeMember } from "./MembershipGraph";
export {
  assignedGroupsAbove,
  assignmentPathsOf,
  formatPath,
  isInScope,
  pathKey,
  DEFAULT_MAX_PATHS_PER_USER,
} from "./assignmentPaths";
export type { AssignmentPath, ScopeAssignments } from "./assignmentPaths";
export { GroupScope } from "./GroupScope";
export type { GroupScopeChange, GroupScopeDelta } from "./GroupScopeChange";
export { fromMembershipRows, toMembershipRows, DEFAULT_MAX_IDS_PER_ROW } from "./membershipRows";
export type { MembershipRow } from "./membershipRows";
