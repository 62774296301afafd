import type { UserMapping } from "../mapping/AttributeMapping";
import type { MappedUser } from "../mapping/MappedUser";
import { exportedValues, hashExported, mapUser } from "../mapping";
import { decideUserScope } from "../scope/UserScope";
import type { UserScopeDecision } from "../scope/UserScope";
import type { IdentityLink } from "../state/IdentityLink";
import type { SourceUserRecord } from "../state/SourceUserRepository";
import type { UserScopeEntry } from "../state/UserScopeRepository";
import { validateMappedUser } from "../validation";
import type { SlackUserProblem } from "../validation";
import type { UserPolicies } from "../policies/UserPolicies";
import { DEFAULT_USER_POLICIES } from "../policies/UserPolicies";
import { withGuestTargets } from "../policies/withGuestTargets";
import { applyScopingFilters } from "./applyScopingFilters";
import { decideUserState } from "./decideUserState";
import type { DesiredUserState } from "./decideUserState";
import { planUser } from "./planUser";
import type { UserPlan } from "./UserPlan";

export interface UserEvaluation {
  scope: UserScopeDecision;
  desired: DesiredUserState;
  mapped?: MappedUser;
  /** Pre-flight problems (errors stop a create before any API call). */
  problems: SlackUserProblem[];
  plan: UserPlan;
}

/**
 * Pure: everything the engine decides for one user before any I/O — scope (assignments, nested groups, scoping
 * filters), the desired state, the mapped values (the manager resolved to `managerSlackId`), the pre-flight problems and
 * the plan. Shared by the dry run and the per-user preview.
 */
export function evaluateUser(input: {
  record: SourceUserRecord;
  scopeEntry: UserScopeEntry | undefined;
  link: IdentityLink | undefined;
  mapping: UserMapping;
  managerSlackId: string | null;
  /** OUT_OF_SCOPE_ACTION, DISABLED_USER_ACTION, GUEST_POLICY (default: deactivate, deactivate, member). */
  policies?: UserPolicies;
  /** Now, to find a guest expiration already past (without it, only malformed ones are found). */
  now?: Date;
}): UserEvaluation {
  const snapshot = input.record.snapshot;
  const assigned = decideUserScope(input.scopeEntry);
  const scope = snapshot ? applyScopingFilters(assigned, input.mapping, snapshot) : assigned;
  const policies = input.policies ?? DEFAULT_USER_POLICIES;
  const desired = decideUserState(input.record, scope, policies);
  const mapped =
    desired.kind === "provision" && snapshot
      ? withGuestTargets(
          mapUser({ ...snapshot, manager: input.managerSlackId }, input.mapping, {
            appRoleAssignments: input.scopeEntry?.appRoles ?? [],
          }),
          desired,
          policies,
        )
      : undefined;
  const desiredHash = mapped ? hashExported(exportedValues(mapped, ["always", "createOnly"])) : undefined;
  const plan = planUser({
    desired,
    link: input.link,
    ...(mapped ? { mapped } : {}),
    ...(desiredHash ? { desiredHash } : {}),
  });
  return {
    scope,
    desired,
    ...(mapped ? { mapped } : {}),
    problems: mapped ? validateMappedUser(mapped, input.now) : [],
    plan,
  };
}
