/** What happens to a provisioned user who leaves scope, or whose sign-in is blocked in Entra ID. */
export type RemovalAction = "deactivate" | "leave";

/** How Entra guests (userType Guest, or a `#EXT#` userPrincipalName) are provisioned. */
export type GuestPolicy = "skip" | "member" | "guest";

/**
 * The user policies (OUT_OF_SCOPE_ACTION, DISABLED_USER_ACTION, GUEST_POLICY, GUEST_EXPIRATION_ATTRIBUTE): Entra's
 * SkipOutOfScopeDeletions, a setting for disabled users Entra does not have, and a guest policy.
 */
export interface UserPolicies {
  /** A user unassigned, out of every assigned group, or excluded by a scoping filter (or a guest under `skip`). */
  outOfScope: RemovalAction;
  /** A user whose sign-in is blocked (accountEnabled = false). */
  disabled: RemovalAction;
  guests: GuestPolicy;
  /** With `guest`: the Graph user property whose value (an ISO 8601 date or date-time) is the guest's expiration. */
  guestExpirationAttribute: string | undefined;
}

/** The defaults: deactivate on both, guests provisioned as members (the behaviour before these settings existed). */
export const DEFAULT_USER_POLICIES: UserPolicies = {
  outOfScope: "deactivate",
  disabled: "deactivate",
  guests: "member",
  guestExpirationAttribute: undefined,
};
