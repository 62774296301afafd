/**
 * Where the Slack adapter gets the token it sends, asked before every request, so a token stored by Authorize (or a
 * new one an admin put in Key Vault) is used by the next call without a restart. Implementations keep the token
 * private: it is never logged or put in an error.
 */
export interface SlackTokenSource {
  /** The token to send now. */
  current(): Promise<string>;
  /**
   * Slack refused `rejected`: reads where the token is kept again. Resolves with a different token to retry the
   * request with once, or undefined when there is none (the refusal stands).
   */
  refreshAfterRejection(rejected: string): Promise<string | undefined>;
}
