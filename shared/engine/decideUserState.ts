import type { SourceUserRecord } from "../state/SourceUserRepository";
import type { UserScopeDecision } from "../scope/UserScope";

/**
 * What Slack should hold for one Entra user, from positive evidence only:
 * - provision: in scope, enabled and present in Entra;
 * - deprovision: a positive signal says the user must not be active (soft/hard delete seen in delta, accountEnabled=false,
 *   removed from a complete read of the assignments);
 * - unknown: we have no data about the user (never a reason to deactivate).
 */
export type DesiredUserState =
  { kind: "provision" } | { kind: "deprovision"; evidence: string } | { kind: "unknown"; reason: string };

/** Pure. `record` is our mirror of the Entra user; `scope` comes from a complete read of the assignments. */
export function decideUserState(record: SourceUserRecord | undefined, scope: UserScopeDecision): DesiredUserState {
  if (record?.removed === "deleted")
    return { kind: "deprovision", evidence: "the user was permanently deleted in Entra ID" };
  if (record?.removed === "changed")
    return { kind: "deprovision", evidence: "the user was deleted in Entra ID (soft delete, restorable for 30 days)" };
  if (!record?.snapshot) return { kind: "unknown", reason: "no data about this user has been read from Entra ID yet" };
  if (record.snapshot.accountEnabled === false)
    return { kind: "deprovision", evidence: "sign-in is blocked in Entra ID (accountEnabled = false)" };
  if (!scope.inScope) {
    return {
      kind: "deprovision",
      evidence: scope.excludedBy ?? "the user is no longer assigned to the Slack application",
    };
  }
  return { kind: "provision" };
}
