import type { UserMapping } from "../mapping/AttributeMapping";
import type { UserPolicies } from "../policies/UserPolicies";
import { graphPropertyFor } from "../mapping/sourceAttributeNames";
import { requiredSourceAttributes } from "../mapping/requiredSourceAttributes";

/** Properties the engine itself needs whatever the mapping: identity for records, and the enabled flag. */
export const ENGINE_USER_PROPERTIES: readonly string[] = [
  "id",
  "userPrincipalName",
  "displayName",
  "accountEnabled",
  // Guest detection (GUEST_POLICY): Graph returns userType only when it is selected.
  "userType",
];

/**
 * The explicit $select for users/delta and GET /users/{id}: the engine's own properties plus every property the mapping
 * and its scoping filters read (and GUEST_EXPIRATION_ATTRIBUTE), so that only mapped attributes are read and only their changes make a user appear in
 * delta. Pure.
 */
export function userSelectFor(
  mapping: UserMapping,
  policies?: Pick<UserPolicies, "guestExpirationAttribute">,
): string[] {
  const out = new Map<string, string>();
  const expiration =
    policies?.guestExpirationAttribute === undefined ? undefined : graphPropertyFor(policies.guestExpirationAttribute);
  const extra = expiration === undefined ? [] : [expiration];
  for (const p of [...ENGINE_USER_PROPERTIES, ...requiredSourceAttributes(mapping), ...extra]) {
    if (!out.has(p.toLowerCase())) out.set(p.toLowerCase(), p);
  }
  return [...out.values()];
}

/** Navigation properties users/delta tracks with $select but a single GET /users/{id} cannot select. */
const NAVIGATION_PROPERTIES = new Set(["manager"]);

/** The $select for a direct read (GET /users/{id}): the delta select without navigation properties. */
export function directReadSelect(select: readonly string[]): string[] {
  return select.filter((p) => !NAVIGATION_PROPERTIES.has(p.toLowerCase()));
}
