/** Roles a seeded Slack user can hold; they decide what SCIM may do to the user. */
export type SlackRole = "primaryOwner" | "owner" | "admin" | "member" | "bot";
export const SLACK_ROLES: readonly SlackRole[] = ["primaryOwner", "owner", "admin", "member", "bot"];

export interface StoredAddress {
  streetAddress: string | null;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface StoredEnterprise {
  employeeNumber: string | null;
  costCenter: string | null;
  organization: string | null;
  division: string | null;
  department: string | null;
  managerId: string | null;
}

/** A multi-channel guest's part (Slack's guest extension; Enterprise Grid only). */
export interface StoredGuest {
  /** ISO 8601, as sent; null: no expiration. */
  expiration: string | null;
}

/** A Slack user as the emulator keeps it: Slack's storage slots, not the SCIM wire shape. */
export interface StoredUser {
  id: string;
  userName: string;
  displayName: string;
  givenName: string;
  familyName: string;
  honorificPrefix: string | null;
  title: string;
  profileUrl: string | null;
  timezone: string;
  active: boolean;
  primaryEmail: string | null;
  secondaryEmail: string | null;
  /** Request `type:"mobile"`/`primary:true`; answered as `{value, primary:true}`. */
  primaryPhone: string | null;
  /** Request `type:"work"`/`primary:false`; answered as `{value, type:"mobile"}`. */
  mobilePhone: string | null;
  address: StoredAddress | null;
  photo: string | null;
  role: string | null;
  userType: string | null;
  preferredLanguage: string | null;
  locale: string | null;
  enterprise: StoredEnterprise;
  startDate: string | null;
  /** Set for a multi-channel guest, null for a member. */
  guest: StoredGuest | null;
  created: string;
  slackRole: SlackRole;
}

export interface StoredGroup {
  id: string;
  displayName: string;
  members: string[];
  created: string;
}

export function emptyEnterprise(): StoredEnterprise {
  return {
    employeeNumber: null,
    costCenter: null,
    organization: null,
    division: null,
    department: null,
    managerId: null,
  };
}

export function cloneUser(u: StoredUser): StoredUser {
  return {
    ...u,
    address: u.address ? { ...u.address } : null,
    enterprise: { ...u.enterprise },
    guest: u.guest ? { ...u.guest } : null,
  };
}
