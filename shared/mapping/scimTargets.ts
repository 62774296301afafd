import { SCIM_ENTERPRISE_SCHEMA, SCIM_SLACK_GUEST_SCHEMA } from "../slack/ScimUser";

/** Top-level single-valued string attributes of a Slack SCIM user that the mapping may set. */
export type SimpleAttribute =
  "userName" | "displayName" | "title" | "externalId" | "preferredLanguage" | "userType" | "locale" | "timezone";
export type NameAttribute = "givenName" | "familyName" | "honorificPrefix";
export type PhoneSlot = "mobile" | "work";
export type AddressField = "streetAddress" | "locality" | "region" | "postalCode" | "country";
export type GuestAttribute = "type" | "expiration";
export type EnterpriseAttribute = "department" | "employeeNumber" | "organization" | "costCenter" | "division";

/** Where a target path lives in a SCIM user, and therefore how it is written, read and patched. */
export type TargetSlot =
  | { kind: "simple"; attribute: SimpleAttribute }
  | { kind: "name"; attribute: NameAttribute }
  | { kind: "email" }
  | { kind: "phone"; slot: PhoneSlot }
  | { kind: "address"; field: AddressField }
  | { kind: "enterprise"; attribute: EnterpriseAttribute }
  /** The enterprise extension's manager reference: the value is the manager's Slack user id. */
  | { kind: "manager" }
  /**
   * Slack's guest extension: `type` ("multi" makes the user a multi-channel guest, null a member) and its optional
   * `expiration`. GUEST_POLICY=guest sets both for every user (policies/withGuestTargets).
   */
  | { kind: "guest"; attribute: GuestAttribute };

/** What the mapping module knows about one supported target path. */
export interface TargetInfo {
  path: string;
  slot: TargetSlot;
  /** Values are compared case-insensitively (Slack lower-cases userNames; email addresses are case-insensitive). */
  caseInsensitive: boolean;
  /** Slack requires a value: the mapping never removes it (validation reports an empty value instead). */
  required: boolean;
  /** Slack accepts changes after create. `externalId` is not updatable ("Updates … are not supported"). */
  updatable: boolean;
}

/** The SCIM v2 target paths, by a short name, for code that builds or inspects mappings. */
export const TARGET = {
  userName: "userName",
  displayName: "displayName",
  title: "title",
  externalId: "externalId",
  preferredLanguage: "preferredLanguage",
  userType: "userType",
  locale: "locale",
  timezone: "timezone",
  givenName: "name.givenName",
  familyName: "name.familyName",
  honorificPrefix: "name.honorificPrefix",
  workEmail: 'emails[type eq "work"].value',
  mobilePhone: 'phoneNumbers[type eq "mobile"].value',
  workPhone: 'phoneNumbers[type eq "work"].value',
  streetAddress: 'addresses[type eq "work"].streetAddress',
  locality: 'addresses[type eq "work"].locality',
  region: 'addresses[type eq "work"].region',
  postalCode: 'addresses[type eq "work"].postalCode',
  country: 'addresses[type eq "work"].country',
  department: `${SCIM_ENTERPRISE_SCHEMA}:department`,
  employeeNumber: `${SCIM_ENTERPRISE_SCHEMA}:employeeNumber`,
  organization: `${SCIM_ENTERPRISE_SCHEMA}:organization`,
  costCenter: `${SCIM_ENTERPRISE_SCHEMA}:costCenter`,
  division: `${SCIM_ENTERPRISE_SCHEMA}:division`,
  manager: `${SCIM_ENTERPRISE_SCHEMA}:manager`,
  guestType: `${SCIM_SLACK_GUEST_SCHEMA}:type`,
  guestExpiration: `${SCIM_SLACK_GUEST_SCHEMA}:expiration`,
} as const;

function info(path: string, slot: TargetSlot, extra: Partial<TargetInfo> = {}): TargetInfo {
  return { path, slot, caseInsensitive: false, required: false, updatable: true, ...extra };
}

/**
 * Every supported target, in canonical order (the order PATCH operations are emitted in).
 * Deliberately absent: `active` (the engine decides activation and always sends it), `nickName` (Slack aliases it to
 * userName), `profileUrl` (Slack does not support changing it), photos, roles and the manager reference (later issues).
 */
export const SCIM_USER_TARGETS: readonly TargetInfo[] = [
  info(TARGET.userName, { kind: "simple", attribute: "userName" }, { caseInsensitive: true, required: true }),
  info(TARGET.workEmail, { kind: "email" }, { caseInsensitive: true, required: true }),
  info(TARGET.externalId, { kind: "simple", attribute: "externalId" }, { updatable: false }),
  info(TARGET.displayName, { kind: "simple", attribute: "displayName" }),
  info(TARGET.givenName, { kind: "name", attribute: "givenName" }),
  info(TARGET.familyName, { kind: "name", attribute: "familyName" }),
  info(TARGET.honorificPrefix, { kind: "name", attribute: "honorificPrefix" }),
  info(TARGET.title, { kind: "simple", attribute: "title" }),
  info(TARGET.preferredLanguage, { kind: "simple", attribute: "preferredLanguage" }),
  info(TARGET.userType, { kind: "simple", attribute: "userType" }),
  info(TARGET.locale, { kind: "simple", attribute: "locale" }),
  info(TARGET.timezone, { kind: "simple", attribute: "timezone" }),
  info(TARGET.mobilePhone, { kind: "phone", slot: "mobile" }),
  info(TARGET.workPhone, { kind: "phone", slot: "work" }),
  info(TARGET.streetAddress, { kind: "address", field: "streetAddress" }),
  info(TARGET.locality, { kind: "address", field: "locality" }),
  info(TARGET.region, { kind: "address", field: "region" }),
  info(TARGET.postalCode, { kind: "address", field: "postalCode" }),
  info(TARGET.country, { kind: "address", field: "country" }),
  info(TARGET.department, { kind: "enterprise", attribute: "department" }),
  info(TARGET.employeeNumber, { kind: "enterprise", attribute: "employeeNumber" }),
  info(TARGET.organization, { kind: "enterprise", attribute: "organization" }),
  info(TARGET.costCenter, { kind: "enterprise", attribute: "costCenter" }),
  info(TARGET.division, { kind: "enterprise", attribute: "division" }),
  info(TARGET.manager, { kind: "manager" }),
  info(TARGET.guestType, { kind: "guest", attribute: "type" }),
  info(TARGET.guestExpiration, { kind: "guest", attribute: "expiration" }),
];
