import { createHash } from "node:crypto";
import {
  SCIM_CORE_USER_SCHEMA,
  SCIM_ENTERPRISE_USER_SCHEMA,
  SCIM_SLACK_GUEST_SCHEMA,
  SCIM_SLACK_PROFILE_SCHEMA,
} from "./constants";
import type { SlackRole, StoredUser } from "./model";

/** How the emulator names each account type in `roles` (as Slack's admin pages name them). */
export const ACCOUNT_TYPE: Readonly<Record<SlackRole, string>> = {
  primaryOwner: "Primary Owner",
  owner: "Owner",
  admin: "Admin",
  member: "Member",
  bot: "Bot",
};

/**
 * The SCIM v2 wire shape of a stored user, as Slack answers it (reference §2.3): externalId always "", nickName equal
 * to userName, emails without `type`, phones in response semantics (`type:"mobile"` = mobilePhone, `primary:true` =
 * primaryPhone), one address without type/primary, meta with only created and location.
 */
export function userToScim(
  u: StoredUser,
  scimBaseUrl: string,
  groups: { value: string; display: string }[],
): Record<string, unknown> {
  const emails: Record<string, unknown>[] = [];
  if (u.primaryEmail !== null) emails.push({ value: u.primaryEmail, primary: true });
  if (u.secondaryEmail !== null) emails.push({ value: u.secondaryEmail, primary: false });
  const photo =
    u.photo ??
    `https://secure.gravatar.com/avatar/${createHash("md5")
      .update((u.primaryEmail ?? u.userName).toLowerCase())
      .digest("hex")}.jpg?s=192&d=mm`;
  const out: Record<string, unknown> = {
    schemas: [
      SCIM_CORE_USER_SCHEMA,
      SCIM_ENTERPRISE_USER_SCHEMA,
      SCIM_SLACK_PROFILE_SCHEMA,
      ...(u.guest ? [SCIM_SLACK_GUEST_SCHEMA] : []),
    ],
    id: u.id,
    externalId: "",
    meta: { created: u.created, location: `${scimBaseUrl}/Users/${u.id}` },
    userName: u.userName,
    nickName: u.userName,
    name: { givenName: u.givenName, familyName: u.familyName, honorificPrefix: u.honorificPrefix },
    displayName: u.displayName,
    profileUrl: u.profileUrl ?? `https://emulated.enterprise.slack.com/team/${u.userName}`,
    title: u.title,
    timezone: u.timezone,
    active: u.active,
    emails,
    photos: [{ value: photo, type: "photo" }],
  };
  if (u.address) out.addresses = [{ ...u.address }];
  if (u.primaryPhone !== null || u.mobilePhone !== null) {
    out.phoneNumbers = [
      { value: u.mobilePhone, type: "mobile" },
      { value: u.primaryPhone, primary: true },
    ];
  }
  out.userType = u.userType;
  // The custom "Role" profile field (one, primary), then the account type as an entry typed "account". Slack does not
  // document whether or how SCIM shows the account type; the emulator shows it so the token check can see a demotion.
  out.roles = [
    ...(u.role !== null ? [{ value: u.role, primary: true }] : []),
    { value: u.guest ? "Multi-Channel Guest" : ACCOUNT_TYPE[u.slackRole], type: "account" },
  ];
  out.preferredLanguage = u.preferredLanguage;
  out.locale = u.locale;
  out[SCIM_ENTERPRISE_USER_SCHEMA] = {
    employeeNumber: u.enterprise.employeeNumber,
    costCenter: u.enterprise.costCenter,
    organization: u.enterprise.organization,
    division: u.enterprise.division,
    department: u.enterprise.department,
    manager: { managerId: u.enterprise.managerId },
  };
  if (u.startDate !== null) out[SCIM_SLACK_PROFILE_SCHEMA] = { startDate: u.startDate };
  // Guests carry the extension and its URN in `schemas` (reference §2.3); members have neither.
  if (u.guest) out[SCIM_SLACK_GUEST_SCHEMA] = { type: "multi", expiration: u.guest.expiration };
  out.groups = groups;
  return out;
}
