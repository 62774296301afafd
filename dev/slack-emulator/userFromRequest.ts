import {
  DEFAULT_TIMEZONE,
  SCIM_ENTERPRISE_USER_SCHEMA,
  SCIM_SLACK_GUEST_SCHEMA,
  SCIM_SLACK_PROFILE_SCHEMA,
} from "./constants";
import { guestFrom } from "./guestExtension";
import type { SlackRole, StoredUser } from "./model";
import { emptyEnterprise } from "./model";
import { ScimError } from "./ScimError";
import { addressFrom, assignPhones, emailSlots, mergeEnterprise, photoFrom, roleFrom } from "./userSlots";
import { normalizeUserName, validateDisplayName, validateEmail } from "./userRules";
import { booleanValue, isRecord, optionalString } from "./values";

/** Finds a key case-insensitively (SCIM attribute names are case-insensitive). */
export function attr(body: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(body)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/**
 * Builds the stored user from a POST or PUT body. PUT replaces every value: omitted attributes are blanked and an
 * omitted `active` deactivates (the docs' PUT example). POST requires userName and at least one email.
 */
export function userFromRequest(
  body: unknown,
  fixed: { id: string; created: string; slackRole: SlackRole },
  mode: "create" | "replace",
): StoredUser {
  if (!isRecord(body)) throw new ScimError(400, "invalid_request_payload");
  if (attr(body, "password") !== undefined && mode === "replace")
    throw new ScimError(400, "password_change_not_allowed");
  const userName = normalizeUserName(attr(body, "userName") ?? attr(body, "nickName"));
  const displayName = optionalString(attr(body, "displayName"), "displayName") ?? userName;
  validateDisplayName(displayName, userName);

  const emails = emailSlots(attr(body, "emails"));
  if (emails.primary === null) throw new ScimError(400, "email_empty", `user=${userName}`);
  validateEmail(emails.primary);
  if (emails.secondary !== null) validateEmail(emails.secondary);

  const rawName = attr(body, "name");
  const name = isRecord(rawName) ? rawName : undefined;
  const activeRaw = attr(body, "active");
  const user: StoredUser = {
    id: fixed.id,
    created: fixed.created,
    slackRole: fixed.slackRole,
    userName,
    displayName,
    givenName: name ? (optionalString(attr(name, "givenName"), "name.givenName") ?? "") : displayName,
    familyName: name ? (optionalString(attr(name, "familyName"), "name.familyName") ?? "") : "",
    honorificPrefix: name ? optionalString(attr(name, "honorificPrefix"), "name.honorificPrefix") : null,
    title: optionalString(attr(body, "title"), "title") ?? "",
    profileUrl: optionalString(attr(body, "profileUrl"), "profileUrl"),
    timezone: optionalString(attr(body, "timezone"), "timezone") ?? DEFAULT_TIMEZONE,
    active: activeRaw === undefined || activeRaw === null ? mode === "create" : booleanValue(activeRaw, "active"),
    primaryEmail: emails.primary,
    secondaryEmail: emails.secondary,
    primaryPhone: null,
    mobilePhone: null,
    address: addressFrom(attr(body, "addresses")),
    photo: photoFrom(attr(body, "photos")),
    role: roleFrom(attr(body, "roles")),
    userType: optionalString(attr(body, "userType"), "userType"),
    preferredLanguage: optionalString(attr(body, "preferredLanguage"), "preferredLanguage"),
    locale: optionalString(attr(body, "locale"), "locale"),
    enterprise: emptyEnterprise(),
    startDate: null,
    guest: guestFrom(attr(body, SCIM_SLACK_GUEST_SCHEMA)),
  };
  assignPhones(user, attr(body, "phoneNumbers"));
  mergeEnterprise(user.enterprise, attr(body, SCIM_ENTERPRISE_USER_SCHEMA));
  const profile = attr(body, SCIM_SLACK_PROFILE_SCHEMA);
  if (isRecord(profile)) user.startDate = optionalString(attr(profile, "startDate"), "startDate");
  return user;
}
