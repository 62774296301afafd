import type { GraphUser } from "../graph/GraphUser";

/** The marker Entra puts in a B2B guest's userPrincipalName (`ada_fabrikam.example#EXT#@contoso.onmicrosoft.com`). */
export const EXTERNAL_UPN_MARKER = "#EXT#";

/**
 * Pure: whether an Entra user is a guest: `userType` is `Guest` (Graph: "Member" or "Guest", any case), or the
 * userPrincipalName carries `#EXT#` (a B2B invitee whose userType was changed to Member still signs in as external).
 * Says which, for the activity record.
 */
export function entraGuestReason(user: Pick<GraphUser, "userType" | "userPrincipalName">): string | undefined {
  if (typeof user.userType === "string" && user.userType.trim().toLowerCase() === "guest") return "userType is Guest";
  if (typeof user.userPrincipalName === "string" && user.userPrincipalName.toUpperCase().includes(EXTERNAL_UPN_MARKER))
    return `its userPrincipalName contains ${EXTERNAL_UPN_MARKER}`;
  return undefined;
}
