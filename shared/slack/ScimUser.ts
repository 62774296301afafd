export const SCIM_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const SCIM_ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** Slack's guest extension (Enterprise Grid): `{type: "multi", expiration?}` makes the user a multi-channel guest. */
export const SCIM_SLACK_GUEST_SCHEMA = "urn:ietf:params:scim:schemas:extension:slack:guest:2.0:User";
export const SCIM_PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export interface ScimEmail {
  value: string;
  type?: string;
  primary?: boolean;
}
export interface ScimPhone {
  value: string | null;
  type?: string;
  primary?: boolean;
}
export interface ScimAddress {
  streetAddress?: string | null;
  locality?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
  primary?: boolean;
  type?: string;
}
export interface ScimName {
  givenName?: string | null;
  familyName?: string | null;
  honorificPrefix?: string | null;
}
export interface ScimEnterpriseExtension {
  employeeNumber?: string | null;
  costCenter?: string | null;
  organization?: string | null;
  division?: string | null;
  department?: string | null;
  manager?: { managerId?: string | null; value?: string | null } | null;
}

export interface ScimGuestExtension {
  /** The only value Slack accepts: "multi" (a multi-channel guest; single-channel guests cannot be created). */
  type: string;
  /** ISO 8601 date-time at which Slack deactivates the guest. */
  expiration?: string | null;
}

/** A SCIM 2.0 user as Slack represents it (request and response share this shape; `id` and `meta` are server-set). */
export interface ScimUser {
  schemas?: string[];
  id?: string;
  externalId?: string;
  userName: string;
  nickName?: string;
  name?: ScimName;
  displayName?: string;
  title?: string | null;
  active?: boolean;
  emails?: ScimEmail[];
  phoneNumbers?: ScimPhone[];
  addresses?: ScimAddress[];
  preferredLanguage?: string | null;
  locale?: string | null;
  timezone?: string | null;
  userType?: string | null;
  profileUrl?: string | null;
  groups?: { value: string; display?: string }[];
  meta?: { created?: string; location?: string };
  [SCIM_ENTERPRISE_SCHEMA]?: ScimEnterpriseExtension;
  [SCIM_SLACK_GUEST_SCHEMA]?: ScimGuestExtension;
  [attribute: string]: unknown;
}

/** A user as Slack returned it: always has an id. */
export type SlackUser = ScimUser & { id: string; active: boolean };

/** One RFC 7644 PATCH operation (lower-case ops; Slack also accepts Entra's capitalised forms). */
export interface PatchOperation {
  op: "add" | "replace" | "remove";
  path?: string;
  value?: unknown;
}
