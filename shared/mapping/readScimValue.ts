import type { ScimPhone, ScimUser } from "../slack/ScimUser";
import { SCIM_ENTERPRISE_SCHEMA, SCIM_SLACK_GUEST_SCHEMA } from "../slack/ScimUser";
import { describeTarget } from "./describeTarget";
import { normaliseValue } from "./normaliseValue";
import type { PhoneSlot } from "./scimTargets";

function entries<T>(list: unknown): T[] {
  return Array.isArray(list) ? (list as T[]).filter((e) => typeof e === "object" && e !== null) : [];
}

/**
 * Which response entry holds a phone target. Slack has two slots, and a request's `type:"mobile"` lands in the one
 * a response shows as `primary:true`, while a request's `type:"work"` lands in the one a response shows as
 * `type:"mobile"` (reference: Slack SCIM docs, PATCH /Users phone rules and the POST /Users example). We send the
 * mobile target as `type:"mobile"` and the work target as `type:"work"`, so reading back is inverted.
 */
function phoneEntry(phones: ScimPhone[], slot: PhoneSlot): ScimPhone | undefined {
  const typedMobile = phones.find((p) => typeof p.type === "string" && p.type.toLowerCase() === "mobile");
  if (slot === "work") return typedMobile;
  return phones.find((p) => p !== typedMobile && p.primary === true);
}

/**
 * The value a Slack user (as Slack returns it) holds for a target path, normalised like mapped values (trimmed,
 * "" → null). Handles Slack's response shapes: emails come back without `type` (the primary one is the work email),
 * phones come back inverted (see phoneEntry), there is one address without `type`, and enterprise attributes sit in
 * the extension object. Throws ConfigurationError for an unsupported target path.
 */
export function readScimValue(user: ScimUser, targetPath: string): string | null {
  const slot = describeTarget(targetPath).slot;
  switch (slot.kind) {
    case "simple":
      return normaliseValue(user[slot.attribute]);
    case "name":
      return normaliseValue(user.name?.[slot.attribute]);
    case "email": {
      const emails = entries<{ value?: unknown; type?: unknown; primary?: unknown }>(user.emails);
      const email =
        emails.find((e) => e.primary === true) ??
        emails.find((e) => typeof e.type === "string" && e.type.toLowerCase() === "work") ??
        emails[0];
      return normaliseValue(email?.value);
    }
    case "phone":
      return normaliseValue(phoneEntry(entries<ScimPhone>(user.phoneNumbers), slot.slot)?.value);
    case "address": {
      const addresses = entries<Record<string, unknown>>(user.addresses);
      const address = addresses.find((a) => a.primary === true) ?? addresses[0];
      return normaliseValue(address?.[slot.field]);
    }
    case "enterprise": {
      const extension: unknown = user[SCIM_ENTERPRISE_SCHEMA];
      if (typeof extension !== "object" || extension === null) return null;
      return normaliseValue((extension as Record<string, unknown>)[slot.attribute]);
    }
    case "manager": {
      const manager = user[SCIM_ENTERPRISE_SCHEMA]?.manager;
      return normaliseValue(manager?.managerId ?? manager?.value ?? null);
    }
    case "guest": {
      // A member has no guest extension: type and expiration are both empty.
      const extension: unknown = user[SCIM_SLACK_GUEST_SCHEMA];
      if (typeof extension !== "object" || extension === null) return null;
      return normaliseValue((extension as Record<string, unknown>)[slot.attribute]);
    }
  }
}
