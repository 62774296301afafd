import type { ScimUser } from "../slack/ScimUser";
import { SCIM_ENTERPRISE_SCHEMA, SCIM_SLACK_GUEST_SCHEMA } from "../slack/ScimUser";
import { describeTarget } from "./describeTarget";

function has(value: unknown, key: string): boolean {
  return typeof value === "object" && value !== null && Object.prototype.hasOwnProperty.call(value, key);
}

/**
 * Whether a SCIM user, as the server answered it, says anything about a target at all: the attribute (or the list or
 * extension that holds it) is in the answer, even as null or "". RFC 7643 lets a server leave unset and optional
 * attributes out (Slack leaves out `phoneNumbers` and `addresses` when there are none; other servers leave out much
 * more), so an absent attribute is not evidence that the value is empty. Throws ConfigurationError for an unsupported
 * target path.
 */
export function scimValuePresent(user: ScimUser, targetPath: string): boolean {
  const slot = describeTarget(targetPath).slot;
  switch (slot.kind) {
    case "simple":
      return has(user, slot.attribute);
    case "name":
      return has(user.name, slot.attribute);
    case "email":
      return Array.isArray(user.emails);
    case "phone":
      return Array.isArray(user.phoneNumbers);
    case "address":
      return Array.isArray(user.addresses);
    case "enterprise":
      return has(user[SCIM_ENTERPRISE_SCHEMA], slot.attribute);
    case "manager":
      return has(user[SCIM_ENTERPRISE_SCHEMA], "manager");
    case "guest":
      // Slack sends the extension for every guest and leaves it out for members: its absence says "member".
      return slot.attribute === "type" || has(user[SCIM_SLACK_GUEST_SCHEMA], "expiration");
  }
}
