import {
  DEFAULT_TIMEZONE,
  SCIM_ENTERPRISE_USER_SCHEMA,
  SCIM_SLACK_GUEST_SCHEMA,
  SCIM_SLACK_PROFILE_SCHEMA,
} from "./constants";
import type { StoredUser } from "./model";
import { emptyEnterprise } from "./model";
import { ScimError } from "./ScimError";
import { attr } from "./userFromRequest";
import { guestExpirationFrom, guestFrom, guestTypeFrom } from "./guestExtension";
import { normalizeUserName } from "./userRules";
import {
  ADDRESS_FIELDS,
  ENTERPRISE_FIELDS,
  addressFrom,
  assignPhones,
  emailSlots,
  emptyAddress,
  managerIdFrom,
  mergeEnterprise,
  normalizeAddress,
  phoneSlotOf,
  photoFrom,
  roleFrom,
} from "./userSlots";
import { booleanValue, isRecord, itemList, lowerType, optionalString, primaryFlag } from "./values";

type Op = "add" | "replace" | "remove";
interface ValueFilter {
  attribute: string;
  value: string | boolean;
}

function badPath(path: string): ScimError {
  return new ScimError(400, "invalid_attribute_format", `path=${path}`);
}

/**
 * Applies an RFC 7644 PatchOp body to `user` in place (reference §2.6): ops are matched case-insensitively, "True"/
 * "False" strings are accepted for booleans, extension paths may use ":" or "." before the sub-attribute, and a
 * path-less add/replace takes an object whose keys are paths.
 */
export function applyUserPatch(user: StoredUser, body: unknown): void {
  if (!isRecord(body)) throw new ScimError(400, "invalid_request_payload");
  const operations = attr(body, "Operations");
  if (!Array.isArray(operations)) throw new ScimError(400, "missing_schema_element", "Operations");
  for (const raw of operations as unknown[]) {
    if (!isRecord(raw)) throw new ScimError(400, "invalid_request_payload");
    const opName = typeof raw.op === "string" ? raw.op.toLowerCase() : "";
    if (opName !== "add" && opName !== "replace" && opName !== "remove") {
      throw new ScimError(400, "invalid_request_payload", `op=${String(raw.op)}`);
    }
    const op: Op = opName;
    const path = typeof raw.path === "string" && raw.path.trim() !== "" ? raw.path.trim() : undefined;
    if (path !== undefined) {
      applyPath(user, op, path, raw.value);
    } else {
      if (op === "remove" || !isRecord(raw.value)) throw new ScimError(400, "invalid_request_payload", "path");
      for (const [key, value] of Object.entries(raw.value)) {
        if (key.toLowerCase() !== "schemas") applyPath(user, op, key, value);
      }
    }
  }
}

function applyPath(u: StoredUser, op: Op, path: string, value: unknown): void {
  const lowerPath = path.toLowerCase();
  for (const urn of [SCIM_ENTERPRISE_USER_SCHEMA, SCIM_SLACK_PROFILE_SCHEMA, SCIM_SLACK_GUEST_SCHEMA]) {
    if (!lowerPath.startsWith(urn.toLowerCase())) continue;
    const rest = path.slice(urn.length);
    if (rest !== "" && !rest.startsWith(":") && !rest.startsWith(".")) continue;
    applyExtension(u, urn, op, rest.slice(1).toLowerCase(), value, path);
    return;
  }
  const m = /^([A-Za-z]+)(?:\[\s*([A-Za-z]+)\s+eq\s+(.*?)\s*\])?(?:\.([A-Za-z]+))?$/i.exec(path);
  if (!m) throw badPath(path);
  const attribute = (m[1] ?? "").toLowerCase();
  const filter = m[2] !== undefined ? { attribute: m[2].toLowerCase(), value: literal(m[3] ?? "") } : undefined;
  const sub = m[4]?.toLowerCase();
  const simple = (): void => {
    if (filter || sub) throw badPath(path);
  };
  const text = (): string | null => (op === "remove" ? null : optionalString(value, attribute));
  switch (attribute) {
    case "username":
    case "nickname":
      simple();
      if (op === "remove") throw new ScimError(400, "username_empty");
      u.userName = normalizeUserName(value);
      return;
    case "displayname":
      simple();
      u.displayName = text() ?? "";
      return;
    case "title":
      simple();
      u.title = text() ?? "";
      return;
    case "timezone":
      simple();
      u.timezone = text() ?? DEFAULT_TIMEZONE;
      return;
    case "usertype":
    case "preferredlanguage":
    case "locale": {
      simple();
      const key = attribute === "usertype" ? "userType" : attribute === "locale" ? "locale" : "preferredLanguage";
      u[key] = text();
      return;
    }
    case "active":
      simple();
      if (op === "remove") throw badPath(path);
      u.active = booleanValue(value, "active");
      return;
    case "profileurl": // PATCH of profileUrl is unsupported by Slack: ignored.
    case "externalid": // externalId is never stored.
    case "schemas":
      return;
    case "password":
      throw new ScimError(400, "password_change_not_allowed");
    case "name":
      if (filter) throw badPath(path);
      patchName(u, op, sub, value, path);
      return;
    case "emails":
      patchEmails(u, op, filter, sub, value, path);
      return;
    case "phonenumbers":
      patchPhones(u, op, filter, sub, value, path);
      return;
    case "addresses":
    case "address":
      patchAddress(u, op, filter, sub, value, path);
      return;
    case "photos":
      if (sub !== undefined && sub !== "value") throw badPath(path);
      if (op === "remove") u.photo = null;
      else if (filter || sub) u.photo = leafValue(sub, value, "photos.value");
      else u.photo = photoFrom(value);
      return;
    case "roles":
      if (sub !== undefined && sub !== "value") throw badPath(path);
      u.role = op === "remove" ? null : roleFrom(value);
      return;
    case "groups":
      throw new ScimError(400, "groups_invalid", "groups are changed through /Groups");
    default:
      throw badPath(path);
  }
}

function literal(raw: string): string | boolean {
  const s = raw.trim();
  if (s.toLowerCase() === "true") return true;
  if (s.toLowerCase() === "false") return false;
  if (s.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(s);
      if (typeof parsed === "string") return parsed;
    } catch {
      // fall through: an unterminated quote is taken literally
    }
  }
  return s.replace(/^["']|["']$/g, "");
}

function filterBool(f: ValueFilter): boolean | undefined {
  if (typeof f.value === "boolean") return f.value;
  const s = f.value.toLowerCase();
  return s === "true" ? true : s === "false" ? false : undefined;
}

function same(a: string | null, b: string | boolean): boolean {
  return a !== null && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
}

/** The value an op sets on a filtered path: `x[...].value` takes the value itself, `x[...]` takes `{value}`. */
function leafValue(sub: string | undefined, value: unknown, attribute: string): string | null {
  if (sub === undefined && isRecord(value)) return optionalString(value.value, attribute);
  return optionalString(value, attribute);
}

function patchName(u: StoredUser, op: Op, sub: string | undefined, value: unknown, path: string): void {
  if (sub === undefined) {
    if (op === "remove") {
      u.givenName = "";
      u.familyName = "";
      u.honorificPrefix = null;
      return;
    }
    if (!isRecord(value)) throw badPath(path);
    for (const [k, v] of Object.entries(value)) patchName(u, op, k.toLowerCase(), v, path);
    return;
  }
  const v = op === "remove" ? null : optionalString(value, `name.${sub}`);
  if (sub === "givenname") u.givenName = v ?? "";
  else if (sub === "familyname") u.familyName = v ?? "";
  else if (sub === "honorificprefix") u.honorificPrefix = v;
  else throw badPath(path);
}

type EmailSlot = "primaryEmail" | "secondaryEmail";

function emailSlotFor(u: StoredUser, f: ValueFilter, path: string): EmailSlot | undefined {
  if (f.attribute === "primary") return filterBool(f) ? "primaryEmail" : "secondaryEmail";
  if (f.attribute === "type") return same("work", f.value) ? "primaryEmail" : "secondaryEmail";
  if (f.attribute === "value") {
    if (same(u.primaryEmail, f.value)) return "primaryEmail";
    if (same(u.secondaryEmail, f.value)) return "secondaryEmail";
    return undefined;
  }
  throw badPath(path);
}

function patchEmails(
  u: StoredUser,
  op: Op,
  filter: ValueFilter | undefined,
  sub: string | undefined,
  value: unknown,
  path: string,
): void {
  if (sub !== undefined && sub !== "value") throw badPath(path);
  if (!filter) {
    if (op === "remove") {
      if (value === undefined || value === null) {
        u.secondaryEmail = null; // like v1 meta.attributes ["emails"]: only the secondary goes
        return;
      }
      for (const item of itemList(value, "emails")) {
        const v = optionalString(item.value, "emails.value");
        if (same(u.primaryEmail, v ?? "")) throw new ScimError(400, "missing_primary_email");
        if (same(u.secondaryEmail, v ?? "")) u.secondaryEmail = null;
      }
      return;
    }
    if (op === "replace") {
      const slots = emailSlots(value);
      if (slots.primary === null) throw new ScimError(400, "missing_primary_email");
      u.primaryEmail = slots.primary;
      u.secondaryEmail = slots.secondary;
      return;
    }
    for (const item of itemList(value, "emails")) {
      const v = optionalString(item.value, "emails.value");
      if (v === null) continue;
      if (primaryFlag(item) === true || lowerType(item) === "work") {
        if (same(u.secondaryEmail, v)) u.secondaryEmail = null;
        u.primaryEmail = v;
      } else if (!same(u.primaryEmail, v)) {
        u.secondaryEmail = v;
      }
    }
    return;
  }
  const slot = emailSlotFor(u, filter, path);
  if (op === "remove") {
    if (slot === "primaryEmail") throw new ScimError(400, "missing_primary_email");
    if (slot === "secondaryEmail") u.secondaryEmail = null;
    return;
  }
  if (slot === undefined) throw badPath(path);
  const v = leafValue(sub, value, "emails.value");
  if (slot === "primaryEmail" && v === null) throw new ScimError(400, "missing_primary_email");
  u[slot] = v;
}

type PhoneSlotName = "primaryPhone" | "mobilePhone";

function phoneSlotFor(u: StoredUser, f: ValueFilter, path: string): PhoneSlotName | undefined {
  if (f.attribute === "value") {
    if (same(u.primaryPhone, f.value)) return "primaryPhone";
    if (same(u.mobilePhone, f.value)) return "mobilePhone";
    return undefined;
  }
  if (f.attribute === "type" || f.attribute === "primary") {
    const slot = phoneSlotOf({ [f.attribute]: f.value });
    if (slot) return slot;
  }
  throw badPath(path);
}

function patchPhones(
  u: StoredUser,
  op: Op,
  filter: ValueFilter | undefined,
  sub: string | undefined,
  value: unknown,
  path: string,
): void {
  if (sub !== undefined && sub !== "value") throw badPath(path);
  if (!filter) {
    if (op === "remove") {
      if (value === undefined || value === null) {
        u.primaryPhone = null;
        u.mobilePhone = null;
        return;
      }
      for (const item of itemList(value, "phoneNumbers")) {
        const v = optionalString(item.value, "phoneNumbers.value") ?? "";
        if (same(u.primaryPhone, v)) u.primaryPhone = null;
        if (same(u.mobilePhone, v)) u.mobilePhone = null;
      }
      return;
    }
    if (op === "replace") {
      u.primaryPhone = null;
      u.mobilePhone = null;
    }
    assignPhones(u, value);
    return;
  }
  const slot = phoneSlotFor(u, filter, path);
  if (slot === undefined) {
    if (op === "remove") return;
    throw badPath(path);
  }
  u[slot] = op === "remove" ? null : leafValue(sub, value, "phoneNumbers.value");
}

function patchAddress(
  u: StoredUser,
  op: Op,
  filter: ValueFilter | undefined,
  sub: string | undefined,
  value: unknown,
  path: string,
): void {
  if (sub === undefined) {
    if (op === "remove") {
      u.address = null;
      return;
    }
    if (filter && isRecord(value)) {
      const address = u.address ?? emptyAddress();
      for (const f of ADDRESS_FIELDS) if (f in value) address[f] = optionalString(value[f], `addresses.${f}`);
      u.address = normalizeAddress(address);
      return;
    }
    u.address = addressFrom(value);
    return;
  }
  const field = ADDRESS_FIELDS.find((f) => f.toLowerCase() === sub);
  if (!field) throw badPath(path);
  const address = u.address ?? emptyAddress();
  address[field] = op === "remove" ? null : optionalString(value, `addresses.${field}`);
  u.address = normalizeAddress(address);
}

/**
 * Slack's guest forms (reference §2.6): add the extension `{type:"multi", expiration?}` (a member becomes a guest, or a
 * guest's expiration changes), remove the extension (the guest becomes a member), remove `….expiration` (no expiry).
 * The directory enforces who may become a guest and reactivates on a conversion (SlackDirectory.commit).
 */
function applyGuest(u: StoredUser, op: Op, sub: string, value: unknown, path: string): void {
  if (sub === "") {
    if (op === "remove") u.guest = null;
    else if (!isRecord(value)) throw badPath(path);
    else {
      const next = guestFrom(value);
      // An add without expiration keeps the one set (RFC 7644 add merges sub-attributes); replace sets it.
      const keep = op === "add" && attr(value, "expiration") === undefined ? (u.guest?.expiration ?? null) : null;
      u.guest = next === null ? null : { expiration: next.expiration ?? keep };
    }
    return;
  }
  if (sub === "type") {
    if (op === "remove") u.guest = null;
    else {
      guestTypeFrom(value);
      u.guest = { expiration: u.guest?.expiration ?? null };
    }
    return;
  }
  if (sub === "expiration") {
    if (op === "remove") {
      if (u.guest) u.guest = { expiration: null };
      return;
    }
    // `type` is mandatory: an expiration alone does not make a member a guest.
    if (!u.guest) throw new ScimError(400, "missing_schema_element", "type");
    u.guest = { expiration: guestExpirationFrom(value) };
    return;
  }
  throw badPath(path);
}

function applyExtension(u: StoredUser, urn: string, op: Op, sub: string, value: unknown, path: string): void {
  if (urn === SCIM_SLACK_GUEST_SCHEMA) {
    applyGuest(u, op, sub, value, path);
    return;
  }
  if (urn === SCIM_SLACK_PROFILE_SCHEMA) {
    if (sub === "") {
      u.startDate = op === "remove" || !isRecord(value) ? null : optionalString(attr(value, "startDate"), "startDate");
    } else if (sub === "startdate") {
      u.startDate = op === "remove" ? null : optionalString(value, "startDate");
    } else {
      throw badPath(path);
    }
    return;
  }
  const e = u.enterprise;
  if (sub === "") {
    if (op === "remove") u.enterprise = emptyEnterprise();
    else mergeEnterprise(e, value);
    return;
  }
  const field = ENTERPRISE_FIELDS.find((f) => f.toLowerCase() === sub);
  if (field) {
    e[field] = op === "remove" ? null : optionalString(value, field);
  } else if (sub === "manager") {
    e.managerId = op === "remove" ? null : managerIdFrom(value);
  } else if (sub === "manager.managerid" || sub === "manager.value" || sub === "managerid") {
    e.managerId = op === "remove" ? null : optionalString(value, "manager.managerId");
  } else {
    throw badPath(path);
  }
}
