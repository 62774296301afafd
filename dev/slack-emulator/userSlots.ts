import type { StoredAddress, StoredEnterprise, StoredUser } from "./model";
import { ScimError } from "./ScimError";
import { isRecord, itemList, lowerType, optionalString, primaryFlag } from "./values";

/**
 * How Slack folds SCIM multi-valued attributes into its fixed storage slots (reference §2.1, §2.6):
 * two emails (primary, secondary), two phones (primaryPhone, mobilePhone, with the request/response type inversion),
 * one address, one photo, one role.
 */

/** Emails: primary is `primary:true`, else `type:"work"`, else list order; the next one is the secondary. */
export function emailSlots(value: unknown): { primary: string | null; secondary: string | null } {
  const items = itemList(value, "emails")
    .map((item) => ({ item, value: optionalString(item.value, "emails.value") }))
    .filter((e): e is { item: Record<string, unknown>; value: string } => e.value !== null);
  if (items.length === 0) return { primary: null, secondary: null };
  const chosen =
    items.find((e) => primaryFlag(e.item) === true) ?? items.find((e) => lowerType(e.item) === "work") ?? items[0];
  const secondary = items.find((e) => e !== chosen && e.value.toLowerCase() !== chosen?.value.toLowerCase());
  return { primary: chosen?.value ?? null, secondary: secondary?.value ?? null };
}

export type PhoneSlot = "primaryPhone" | "mobilePhone";

/** Request semantics: `type:"mobile"` or `primary:true` → primaryPhone; `type:"work"` or `primary:false` → mobilePhone. */
export function phoneSlotOf(item: Record<string, unknown>): PhoneSlot | undefined {
  const type = lowerType(item);
  if (type === "mobile") return "primaryPhone";
  if (type === "work") return "mobilePhone";
  const p = primaryFlag(item);
  if (p === true) return "primaryPhone";
  if (p === false) return "mobilePhone";
  return undefined;
}

/** Writes phones into the user's slots; untyped phones fill primaryPhone, then mobilePhone. */
export function assignPhones(user: StoredUser, value: unknown): void {
  for (const item of itemList(value, "phoneNumbers")) {
    const phone = optionalString(item.value, "phoneNumbers.value");
    const slot = phoneSlotOf(item) ?? (user.primaryPhone === null ? "primaryPhone" : "mobilePhone");
    user[slot] = phone;
  }
}

export const ADDRESS_FIELDS = ["streetAddress", "locality", "region", "postalCode", "country"] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

export function emptyAddress(): StoredAddress {
  return { streetAddress: null, locality: null, region: null, postalCode: null, country: null };
}

/** One address is kept: `primary:true`, else the first; only the five supported fields. */
export function addressFrom(value: unknown): StoredAddress | null {
  const items = itemList(value, "addresses");
  const chosen = items.find((i) => primaryFlag(i) === true) ?? items[0];
  if (!chosen) return null;
  const address = emptyAddress();
  for (const f of ADDRESS_FIELDS) address[f] = optionalString(chosen[f], `addresses.${f}`);
  return normalizeAddress(address);
}

export function normalizeAddress(a: StoredAddress | null): StoredAddress | null {
  if (!a) return null;
  return ADDRESS_FIELDS.every((f) => a[f] === null) ? null : a;
}

/** One photo: `primary:true`, else the first. */
export function photoFrom(value: unknown): string | null {
  const items = itemList(value, "photos");
  const chosen = items.find((i) => primaryFlag(i) === true) ?? items[0];
  return chosen ? optionalString(chosen.value, "photos.value") : null;
}

/** One role: accepts `[{value, primary}]` or `["Tech Lead"]`. */
export function roleFrom(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  const items = list.map((v) => (isRecord(v) ? v : { value: v }));
  const chosen = items.find((i) => primaryFlag(i) === true) ?? items[0];
  return chosen ? optionalString(chosen.value, "roles.value") : null;
}

export const ENTERPRISE_FIELDS = ["employeeNumber", "costCenter", "organization", "division", "department"] as const;

/** The manager reference: a string id, `{managerId}` or `{value}`; an object with neither is rejected. */
export function managerIdFrom(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (isRecord(value)) {
    if ("managerId" in value) return optionalString(value.managerId, "manager.managerId");
    if ("value" in value) return optionalString(value.value, "manager.value");
    throw new ScimError(400, "improper_enterprise_schema_format");
  }
  return optionalString(value, "manager");
}

/** Merges an enterprise-extension object into `target` (only the keys present). */
export function mergeEnterprise(target: StoredEnterprise, value: unknown): void {
  if (value === undefined || value === null) return;
  if (!isRecord(value)) throw new ScimError(400, "improper_enterprise_schema_format");
  for (const f of ENTERPRISE_FIELDS) {
    if (f in value) target[f] = optionalString(value[f], f);
  }
  if ("manager" in value) target.managerId = managerIdFrom(value.manager);
}
