import type { GraphUser } from "../graph/GraphUser";
import { readUserAttribute } from "../mapping/readUserAttribute";
import { entraGuestReason } from "../policies/entraGuestReason";
import type { RemovalAction, UserPolicies } from "../policies/UserPolicies";
import { DEFAULT_USER_POLICIES } from "../policies/UserPolicies";
import type { SourceUserRecord } from "../state/SourceUserRepository";
import type { UserScopeDecision } from "../scope/UserScope";

/** Why a user is not to be active in Slack: deleted in Entra, sign-in blocked, or out of scope. */
export type RemovalCause = "deleted" | "disabled" | "outOfScope";

/**
 * What Slack should hold for one Entra user, from positive evidence only:
 * - provision: in scope, enabled and present in Entra; `guest` when it is to be a Slack multi-channel guest
 *   (GUEST_POLICY=guest), with the raw value of GUEST_EXPIRATION_ATTRIBUTE (null: none);
 * - deprovision: a positive signal says the user must not be active (soft/hard delete seen in delta, accountEnabled=false,
 *   removed from a complete read of the assignments, a guest under GUEST_POLICY=skip) and the policy for that cause
 *   says deactivate;
 * - leave: the same signals, where the policy (OUT_OF_SCOPE_ACTION or DISABLED_USER_ACTION = leave) says to leave the
 *   Slack user as it is;
 * - unknown: we have no data about the user (never a reason to deactivate).
 */
export type DesiredUserState =
  | { kind: "provision"; guest?: { reason: string; expiration: string | null } }
  | { kind: "deprovision"; evidence: string; cause: RemovalCause; policy?: string }
  | { kind: "leave"; evidence: string; cause: Exclude<RemovalCause, "deleted">; setting: string }
  | { kind: "unknown"; reason: string };

/** The setting that decides each cause, for the records. */
const SETTING_OF = { disabled: "DISABLED_USER_ACTION", outOfScope: "OUT_OF_SCOPE_ACTION" } as const;

function removal(
  cause: "disabled" | "outOfScope",
  evidence: string,
  action: RemovalAction,
  policy?: string,
): DesiredUserState {
  return action === "leave"
    ? { kind: "leave", evidence, cause, setting: SETTING_OF[cause] }
    : { kind: "deprovision", evidence, cause, ...(policy ? { policy } : {}) };
}

/**
 * Pure. `record` is our mirror of the Entra user; `scope` comes from a complete read of the assignments; `policies`
 * say what leaving scope or a blocked sign-in does, and how guests are provisioned. A deletion in Entra always
 * deactivates. A blocked user whose policy is leave is still deactivated when it is also out of scope and that
 * policy says deactivate.
 */
export function decideUserState(
  record: SourceUserRecord | undefined,
  scope: UserScopeDecision,
  policies: UserPolicies = DEFAULT_USER_POLICIES,
): DesiredUserState {
  if (record?.removed === "deleted")
    return { kind: "deprovision", evidence: "the user was permanently deleted in Entra ID", cause: "deleted" };
  if (record?.removed === "changed")
    return {
      kind: "deprovision",
      evidence: "the user was deleted in Entra ID (soft delete, restorable for 30 days)",
      cause: "deleted",
    };
  if (!record?.snapshot) return { kind: "unknown", reason: "no data about this user has been read from Entra ID yet" };
  const snapshot = record.snapshot;
  const outOfScope = (): { evidence: string; policy?: string } | undefined => {
    if (!scope.inScope)
      return { evidence: scope.excludedBy ?? "the user is no longer assigned to the Slack application" };
    const guest = policies.guests === "skip" ? entraGuestReason(snapshot) : undefined;
    return guest
      ? { evidence: `the user is a guest in Entra ID (${guest}) and GUEST_POLICY is skip`, policy: "GUEST_POLICY=skip" }
      : undefined;
  };
  if (snapshot.accountEnabled === false) {
    const disabled = removal("disabled", "sign-in is blocked in Entra ID (accountEnabled = false)", policies.disabled);
    if (disabled.kind === "deprovision") return disabled;
    const out = outOfScope();
    if (out !== undefined && policies.outOfScope === "deactivate") {
      return removal("outOfScope", out.evidence, "deactivate", out.policy);
    }
    return disabled;
  }
  const out = outOfScope();
  if (out !== undefined) return removal("outOfScope", out.evidence, policies.outOfScope, out.policy);
  if (policies.guests === "guest") {
    const reason = entraGuestReason(snapshot);
    if (reason) return { kind: "provision", guest: { reason, expiration: guestExpiration(snapshot, policies) } };
  }
  return { kind: "provision" };
}

/** The raw value of GUEST_EXPIRATION_ATTRIBUTE on the user (null: unset, empty, or no attribute configured). */
function guestExpiration(snapshot: GraphUser, policies: UserPolicies): string | null {
  const name = policies.guestExpirationAttribute;
  if (name === undefined) return null;
  const value = readUserAttribute(snapshot, name);
  if (typeof value === "string") return value.trim() === "" ? null : value.trim();
  if (value instanceof Date) return value.toISOString();
  return null;
}
