/** What a member of a group is: a user, a nested group, or another directory object (contact, device, app). */
export type GroupMemberKind = "user" | "group" | "other";

/** A member reference as members@delta or /members carries it (only the id and the type). */
export interface GroupMemberRef {
  id: string;
  type: GroupMemberKind;
}

/** A group as read from GET /groups/{id} with GROUP_SELECT. Omitted (never set) properties are absent. */
export interface GraphGroup {
  id: string;
  displayName?: string | null;
  description?: string | null;
  mailEnabled?: boolean | null;
  securityEnabled?: boolean | null;
  groupTypes?: string[] | null;
  /** Any other selected property. */
  [property: string]: unknown;
}

/**
 * A present group in a groups/delta page, merged over every occurrence of the group in that page. membersAdded and
 * membersRemoved are the members@delta entries (without and with "@removed"); on the first round membersAdded is the
 * complete member list (a group may still continue on later pages of the same round). Both are empty when the page
 * carried no members@delta for the group (no members, or no member change).
 */
export interface GraphGroupDelta extends GraphGroup {
  membersAdded: GroupMemberRef[];
  membersRemoved: GroupMemberRef[];
}

/** The properties getGroup asks for. */
export const GROUP_SELECT: readonly string[] = [
  "id",
  "displayName",
  "description",
  "mailEnabled",
  "securityEnabled",
  "groupTypes",
];

/** The $select of a new groups/delta round: the group properties plus members (for members@delta). */
export const GROUP_DELTA_SELECT: readonly string[] = [...GROUP_SELECT, "members"];
