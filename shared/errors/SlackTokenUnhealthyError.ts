import { CredentialError } from "./CredentialError";

/** Why the Slack token check failed: Slack no longer accepts the token, or its owner may no longer use SCIM. */
export type SlackTokenProblem = "SlackTokenRevoked" | "SlackTokenOwnerNotAdmin";

/**
 * The token health check (auth.test and the token owner's SCIM record) found that the Slack token no longer works or
 * that its owner is no longer an active Org Admin or Owner. A refused credential: the job goes into quarantine
 * (EncounteredQuarantineException) with this code and message, work waits for an operator (retryPolicy.ts), and
 * connecting Slack again (Authorize, or a new SLACK_TOKEN) or restoring the owner's role ends it.
 */
export class SlackTokenUnhealthyError extends CredentialError {
  constructor(
    readonly problem: SlackTokenProblem,
    message: string,
  ) {
    super("slack", message, { code: problem });
  }
}
