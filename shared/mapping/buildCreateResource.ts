import type { ScimEnterpriseExtension, ScimName, ScimUser } from "../slack/ScimUser";
import { SCIM_ENTERPRISE_SCHEMA, SCIM_USER_SCHEMA } from "../slack/ScimUser";
import { describeTarget } from "./describeTarget";
import type { MappedUser } from "./MappedUser";
import { missingRequiredTargets } from "./missingRequiredTargets";
import { RequiredAttributeMissingError } from "./RequiredAttributeMissingError";
import { phoneList, workAddress } from "./scimFragments";
import type { AddressField, PhoneSlot } from "./scimTargets";
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
  }

  const hasEnterprise = Object.keys(enterprise).length > 0;
  const { userName, ...otherSimple } = simple;
  const resource: ScimUser = {
    schemas: hasEnterprise ? [SCIM_USER_SCHEMA, SCIM_ENTERPRISE_SCHEMA] : [SCIM_USER_SCHEMA],
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
  return resource;
}
