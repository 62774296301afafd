import { SCIM_ENTERPRISE_SCHEMA } from "../slack/ScimUser";
import { redactSecrets } from "../telemetry/redactSecrets";
import type { SensitiveSlots } from "./SensitiveSlots";

/** What a redacted value is replaced by. */
export const REDACTED = "[redacted]";

/** Property names whose values are secrets wherever they appear (SCIM's `password`, tokens, keys). */
const SECRET_KEY = /token|secret|password|passwd|authorization|api[-_]?key|credential/i;

/** The deepest a body is walked; deeper values are replaced (a SCIM body is a few levels deep). */
const MAX_DEPTH = 12;

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Every string in `v` replaced by REDACTED (numbers and booleans too: only the shape stays). */
function redactAll(v: Json): Json {
  if (Array.isArray(v)) return v.map(redactAll);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, redactAll(x)]));
  return v === null ? null : REDACTED;
}

/** Secrets anywhere: secret-named properties and token-like text in any string. */
function redactSecretsDeep(v: Json, depth: number): Json {
  if (depth > MAX_DEPTH) return REDACTED;
  if (typeof v === "string") return redactSecrets(v);
  if (Array.isArray(v)) return v.map((x) => redactSecretsDeep(x, depth + 1));
  if (isObject(v)) {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [k, SECRET_KEY.test(k) ? redactAll(x) : redactSecretsDeep(x, depth + 1)]),
    );
  }
  return v;
}

/** Replaces `obj[key]` (when present and not null) by its redacted form. */
function redactKey(obj: Record<string, Json>, key: string): void {
  if (key in obj && obj[key] !== null && obj[key] !== undefined) obj[key] = redactAll(obj[key]);
}

/** The sensitive attributes of a SCIM user (or a part of one, as a PATCH without path carries it), in place. */
function redactResource(r: Record<string, Json>, s: SensitiveSlots): void {
  for (const a of s.simple) redactKey(r, a);
  const name = r.name;
  if (isObject(name)) for (const a of s.name) redactKey(name, a);
  const emails = r.emails;
  if (s.email && emails !== undefined && emails !== null)
    r.emails = redactMulti(emails, () => true, ["value", "display"]);
  const phones = r.phoneNumbers;
  if (s.phone.size > 0 && phones !== undefined && phones !== null) {
    r.phoneNumbers = redactMulti(phones, (t) => t === undefined || s.phone.has(t), ["value", "display"]);
  }
  const addresses = r.addresses;
  if (s.address.size > 0 && addresses !== undefined && addresses !== null) {
    r.addresses = redactMulti(addresses, () => true, [...s.address, ...(s.address.size > 0 ? ["formatted"] : [])]);
  }
  const enterprise = r[SCIM_ENTERPRISE_SCHEMA];
  if (isObject(enterprise)) {
    for (const a of s.enterprise) redactKey(enterprise, a);
    if (s.manager) redactKey(enterprise, "manager");
  }
}

/** A multi-valued attribute's items (RFC 7643 §2.4) with `fields` redacted in the items whose type `matches`. */
function redactMulti(list: Json, matches: (type: string | undefined) => boolean, fields: readonly string[]): Json {
  if (!Array.isArray(list)) return redactAll(list);
  return list.map((item: Json) => {
    if (!isObject(item)) return redactAll(item);
    const type = typeof item.type === "string" ? item.type : undefined;
    if (!matches(type)) return item;
    const copy = { ...item };
    for (const f of fields) redactKey(copy, f);
    return copy;
  });
}

/** Whether a top-level attribute of a SCIM user holds any sensitive value. */
function hasSensitiveSlot(attribute: string, s: SensitiveSlots): boolean {
  switch (attribute) {
    case "emails":
      return s.email;
    case "phoneNumbers":
      return s.phone.size > 0;
    case "addresses":
      return s.address.size > 0;
    case "name":
      return s.name.size > 0;
    default:
      return s.simple.has(attribute);
  }
}

const ENTERPRISE_PREFIX = `${SCIM_ENTERPRISE_SCHEMA}:`;

/**
 * A PATCH operation's value, put back where its path points in a resource (RFC 7644 §3.5.2), redacted there, and taken
 * out again. A path with a filter (`emails[type eq "work"].value`) redacts the whole value when its attribute has a
 * sensitive slot at all: a value sent under a filter is not worth the risk of being read wrongly.
 */
function redactOperationValue(path: string, value: Json, s: SensitiveSlots): Json {
  if (path.startsWith(ENTERPRISE_PREFIX)) {
    const attribute = path.slice(ENTERPRISE_PREFIX.length);
    const wrapper: Record<string, Json> = { [SCIM_ENTERPRISE_SCHEMA]: { [attribute]: value } };
    redactResource(wrapper, s);
    const inner = wrapper[SCIM_ENTERPRISE_SCHEMA];
    return isObject(inner) ? inner[attribute] : REDACTED;
  }
  const filtered = /^([A-Za-z][\w$-]*)\[/.exec(path);
  if (filtered) return hasSensitiveSlot(filtered[1] ?? "", s) ? redactAll(value) : value;
  const dot = path.indexOf(".");
  if (dot > 0) {
    const head = path.slice(0, dot);
    const tail = path.slice(dot + 1);
    const wrapper: Record<string, Json> = { [head]: { [tail]: value } };
    redactResource(wrapper, s);
    const inner = wrapper[head];
    return isObject(inner) ? inner[tail] : REDACTED;
  }
  const wrapper: Record<string, Json> = { [path]: value };
  redactResource(wrapper, s);
  return wrapper[path];
}

/** A group's members (RFC 7643 §4.2) show each user's `display`: redacted when users' displayName is sensitive. */
function redactMemberDisplays(v: Json, depth: number): Json {
  if (depth > MAX_DEPTH) return REDACTED;
  if (Array.isArray(v)) return v.map((x) => redactMemberDisplays(x, depth + 1));
  if (!isObject(v)) return v;
  const copy: Record<string, Json> = {};
  for (const [k, x] of Object.entries(v)) {
    copy[k] = k === "display" && depth > 0 ? redactAll(x) : redactMemberDisplays(x, depth + 1);
  }
  return copy;
}

/**
 * Pure: a SCIM body as the activity log keeps it: secrets (secret-named properties, token-like text) and the values of
 * the mapping's sensitive attributes replaced by "[redacted]", wherever the body carries them — a user resource (POST,
 * PUT, an answer), a ListResponse's Resources, or a PatchOp's operations (with or without a path). `resource` is the
 * collection the request went to: a body of /Groups keeps the group's own attributes (the user mapping's flags are
 * about users), and only its members' `display` (a user's displayName) is redacted when displayName is sensitive;
 * members' ids are not sensitive. Returns a new value; the input is not changed.
 */
export function redactScimBody(body: Json, s: SensitiveSlots, resource: "Users" | "Groups" = "Users"): Json {
  const clean = redactSecretsDeep(body, 0);
  if (!s.any || !isObject(clean)) return clean;
  if (resource === "Groups") return s.simple.has("displayName") ? redactMemberDisplays(clean, 0) : clean;
  const resources = clean.Resources;
  if (Array.isArray(resources)) {
    clean.Resources = resources.map((r: Json) => (isObject(r) ? redactBodyObject(r, s) : r));
  }
  return redactBodyObject(clean, s);
}

function redactBodyObject(r: Record<string, Json>, s: SensitiveSlots): Record<string, Json> {
  const copy = { ...r };
  const operations = copy.Operations;
  if (Array.isArray(operations)) {
    copy.Operations = operations.map((op: Json) => {
      if (!isObject(op) || !("value" in op)) return op;
      const path = typeof op.path === "string" ? op.path.trim() : "";
      if (path === "") {
        if (!isObject(op.value)) return { ...op, value: redactAll(op.value) };
        const value = { ...op.value };
        redactResource(value, s);
        return { ...op, value };
      }
      return { ...op, value: redactOperationValue(path, op.value, s) };
    });
  }
  redactResource(copy, s);
  return copy;
}
