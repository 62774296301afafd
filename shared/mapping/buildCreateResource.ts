import type { ScimEnterpriseExtension, ScimName, ScimUser } from "../slack/ScimUser";
import { SCIM_ENTERPRISE_SCHEMA, SCIM_SLACK_GUEST_SCHEMA, SCIM_USER_SCHEMA } from "../slack/ScimUser";
import { describeTarget } from "./describeTarget";
import type { MappedUser } from "./MappedUser";
import { missingRequiredTargets } from "./missingRequiredTargets";
import { RequiredAttributeMissingError } from "./RequiredAttributeMissingError";
import { phoneList, workAddress } from "./scimFragments";
import type { AddressField, GuestAttribute, PhoneSlot } from "./scimTargets";
import { withCreateDefaults } from "./withCreateDefaults";

/**
 * The POST /Users body for a mapped user: every non-null value in its SCIM place, `active: true`, and the enterprise
 * schema listed only when an enterprise attribute is sent. Throws RequiredAttributeMissingError when userName or
 * the work email is empty (Slack would reject the request), and ConfigurationError for an unsupported target.
 * Mapping defaults ("default value if null") are applied first: create is the only time they flow.
 */
export function buildCreateResource(desired: MappedUser): ScimUser {
  const mapped = withCreateDefaults(desired);
  const missing = missingRequiredTargets(mapped);
  if (missing.length > 0) throw new RequiredAttributeMissingError(missing);

  const simple: Record<string, string> = {};
  const name: ScimName = {};
  const emails: string[] = [];
  const phones: Partial<Record<PhoneSlot, string>> = {};
  const address: Partial<Record<AddressField, string>> = {};
  const enterprise: ScimEnterpriseExtension = {};
  const guest: Partial<Record<GuestAttribute, string>> = {};
  for (const [path, value] of Object.entries(mapped.values)) {
    const slot = describeTarget(path).slot;
    if (value === null) continue;
    if (slot.kind === "simple") simple[slot.attribute] = value;
    else if (slot.kind === "name") name[slot.attribute] = value;
    else if (slot.kind === "email") emails.push(value);
    else if (slot.kind === "phone") phones[slot.slot] = value;
    else if (slot.kind === "address") address[slot.field] = value;
    else if (slot.kind === "enterprise") enterprise[slot.attribute] = value;
    else if (slot.kind === "manager") enterprise.manager = { managerId: value };
    else if (slot.kind === "guest") guest[slot.attribute] = value;
  }

  const hasEnterprise = Object.keys(enterprise).length > 0;
  // A guest is created as one: Slack's guest extension with its URN in `schemas` (an expiration without a type is
  // not a guest, and is not sent).
  const guestType = guest.type;
  const { userName, ...otherSimple } = simple;
  const resource: ScimUser = {
    schemas: [
      SCIM_USER_SCHEMA,
      ...(hasEnterprise ? [SCIM_ENTERPRISE_SCHEMA] : []),
      ...(guestType !== undefined ? [SCIM_SLACK_GUEST_SCHEMA] : []),
    ],
    // missingRequiredTargets guarantees userName is present.
    userName: userName ?? "",
    ...otherSimple,
    active: true,
  };
  if (Object.keys(name).length > 0) resource.name = name;
  if (emails[0] !== undefined) resource.emails = [{ value: emails[0], type: "work", primary: true }];
  const phoneNumbers = phoneList(phones);
  if (phoneNumbers.length > 0) resource.phoneNumbers = phoneNumbers;
  const workAddr = workAddress(address);
  if (workAddr !== undefined) resource.addresses = [workAddr];
  if (hasEnterprise) resource[SCIM_ENTERPRISE_SCHEMA] = enterprise;
  if (guestType !== undefined) {
    resource[SCIM_SLACK_GUEST_SCHEMA] = {
      type: guestType,
      ...(guest.expiration !== undefined ? { expiration: guest.expiration } : {}),
    };
  }
  return resource;
}
