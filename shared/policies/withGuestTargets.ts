import type { DesiredUserState } from "../engine/decideUserState";
import type { MappedUser } from "../mapping/MappedUser";
import { TARGET } from "../mapping/scimTargets";
import { normaliseGuestExpiration } from "./guestExpiration";
import type { UserPolicies } from "./UserPolicies";

/**
 * Pure: the mapped values with Slack's guest extension decided by GUEST_POLICY. Under `guest` every provisioned user
 * gets both guest targets (flow always): a guest `type` "multi" and its expiration (normalised, or the raw value when
 * it is not a date, for validation to name; null when none), a member null for both, so a member who becomes a guest
 * in Entra, or the reverse, is a change like any other and is converted by PATCH. Under `member` and `skip` the
 * mapping's values are untouched (as before the setting: the guest extension is never sent).
 */
export function withGuestTargets(mapped: MappedUser, desired: DesiredUserState, policies: UserPolicies): MappedUser {
  if (policies.guests !== "guest" || desired.kind !== "provision") return mapped;
  const raw = desired.guest?.expiration ?? null;
  const expiration = raw === null ? null : (normaliseGuestExpiration(raw) ?? raw);
  return {
    ...mapped,
    values: {
      ...mapped.values,
      [TARGET.guestType]: desired.guest ? "multi" : null,
      [TARGET.guestExpiration]: desired.guest ? expiration : null,
    },
    flows: { ...mapped.flows, [TARGET.guestType]: "always", [TARGET.guestExpiration]: "always" },
  };
}
