import type { ScimAddress, ScimPhone } from "../slack/ScimUser";
import type { AddressField, PhoneSlot } from "./scimTargets";

/**
 * The phoneNumbers list for the desired slots, in Slack's request semantics: the mobile target is sent as
 * `type:"mobile"`, the work target as `type:"work"`. Empty slots are left out; the result is [] when both are empty.
 */
export function phoneList(phones: Partial<Record<PhoneSlot, string | null>>): ScimPhone[] {
  const list: ScimPhone[] = [];
  for (const slot of ["mobile", "work"] as const) {
    const value = phones[slot];
    if (value !== undefined && value !== null) list.push({ value, type: slot });
  }
  return list;
}

/** The single work address with its non-empty fields, marked primary; undefined when every field is empty. */
export function workAddress(fields: Partial<Record<AddressField, string | null>>): ScimAddress | undefined {
  const address: ScimAddress = {};
  for (const field of ["streetAddress", "locality", "region", "postalCode", "country"] as const) {
    const value = fields[field];
    if (value !== undefined && value !== null) address[field] = value;
  }
  return Object.keys(address).length === 0 ? undefined : { ...address, type: "work", primary: true };
}
