import type { AppRoleAssignment } from "./AppRoleAssignment";
import type { UserDeltaPage } from "./DeltaPage";
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
   * Every assignment to the service principal (GET /servicePrincipals/{id}/appRoleAssignedTo, all pages).
   * Resolves only after a complete read; any failure throws, so a partial list is never returned.
   */
  listAppRoleAssignments(servicePrincipalId: string): Promise<AppRoleAssignment[]>;
}
