import type { AppRoleAssignment } from "./AppRoleAssignment";
import type { GroupDeltaPage, UserDeltaPage } from "./DeltaPage";
import type { GraphGroup } from "./GraphGroup";
import type { GraphUser } from "./GraphUser";

/**
 * The narrow port through which the engine reads Microsoft Graph. Implementations retry 429 (honouring Retry-After),
 * 5xx and timeouts a bounded number of times, then throw a typed error from shared/errors:
 * ThrottledError / TransientError (retryable), CredentialError (401/403, bad client secret),
 * DeltaTokenExpiredError (syncStateNotFound, resyncRequired, 410 Gone), GraphRequestError (other 4xx).
 */
export interface GraphSource {
  /**
   * Reads one page of users/delta. `url` undefined starts a new full round with the explicit $select; otherwise it
   * is a nextLink or deltaLink exactly as a previous page returned it.
   */
  getUsersDeltaPage(url: string | undefined, select?: readonly string[]): Promise<UserDeltaPage>;

  /** GET /users/{id}?$select=…; undefined when Graph answers 404 Request_ResourceNotFound. */
  getUser(id: string, select?: readonly string[]): Promise<GraphUser | undefined>;

  /**
   * GET /directory/deletedItems/{id}: whether the object is in deleted items (soft-deleted, restorable for 30 days).
   * False when Graph answers 404: with a 404 from GET /users/{id} too, the object is permanently deleted.
   */
  isDeletedItem(id: string): Promise<boolean>;

  /**
   * Every assignment to the service principal (GET /servicePrincipals/{id}/appRoleAssignedTo, all pages).
   * Resolves only after a complete read; any failure throws, so a partial list is never returned.
   */
  listAppRoleAssignments(servicePrincipalId: string): Promise<AppRoleAssignment[]>;

  /**
   * Reads one page of groups/delta (default $select GROUP_DELTA_SELECT: the group properties plus members).
   * `url` undefined starts a new full round; otherwise a nextLink or deltaLink exactly as returned. A group repeated
   * within the page is merged into one item (membersAdded / membersRemoved); the same group can still come again on
   * later pages of the round with further member slices, so consumers merge per group across pages too.
   */
  getGroupsDeltaPage(url: string | undefined, select?: readonly string[]): Promise<GroupDeltaPage>;

  /** GET /groups/{id}?$select=…; undefined when Graph answers 404. */
  getGroup(id: string, select?: readonly string[]): Promise<GraphGroup | undefined>;

  /**
   * Ids of every user below the group, nested groups expanded by Graph (GET /groups/{id}/transitiveMembers/
   * microsoft.graph.user, all pages, ConsistencyLevel: eventual). Complete or throws (a 404 for the group throws too).
   */
  listTransitiveUserMembers(groupId: string): Promise<string[]>;

  /** The application's app roles (GET /servicePrincipals/{id}?$select=appRoles): what role assignments mean. */
  getAppRoles(servicePrincipalId: string): Promise<AppRole[]>;
}

/** One app role the Slack application declares. */
export interface AppRole {
  id: string;
  value: string | null;
  displayName: string | null;
}
