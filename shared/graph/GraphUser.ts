/**
 * A user as read from Microsoft Graph (users/delta or GET /users/{id}) with the properties we $select.
 * Properties Graph omitted (never set) are absent; properties cleared are null.
 */
export interface GraphUser {
  id: string;
  userPrincipalName?: string | null;
  mail?: string | null;
  mailNickname?: string | null;
  displayName?: string | null;
  givenName?: string | null;
  surname?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  companyName?: string | null;
  employeeId?: string | null;
  mobilePhone?: string | null;
  businessPhones?: string[] | null;
  streetAddress?: string | null;
  city?: string | null;
  state?: string | null;
  postalCode?: string | null;
  country?: string | null;
  preferredLanguage?: string | null;
  usageLocation?: string | null;
  accountEnabled?: boolean | null;
  userType?: string | null;
  /**
   * Set only when the users/delta item carried manager@delta (manager in $select and the link changed, or the first
   * round): the new manager's id, or null when the manager was removed. Absent = unchanged.
   */
  managerChange?: { id: string | null };
  /** Our mirror's record of the manager's object id (null: none), kept from manager@delta across rounds. */
  managerId?: string | null;
  /** Any other selected property (directory extensions and the like). */
  [property: string]: unknown;
}

/** The properties the engine asks users/delta and GET /users/{id} for (always an explicit $select). */
export const USER_SELECT: readonly string[] = [
  "id",
  "userPrincipalName",
  "mail",
  "mailNickname",
  "displayName",
  "givenName",
  "surname",
  "jobTitle",
  "department",
  "companyName",
  "employeeId",
  "mobilePhone",
  "businessPhones",
  "streetAddress",
  "city",
  "state",
  "postalCode",
  "country",
  "preferredLanguage",
  "usageLocation",
  "accountEnabled",
  "userType",
];
