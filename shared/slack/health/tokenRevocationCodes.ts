/**
 * auth.test's error codes that mean the token itself is gone (Slack's documented errors for the method and the Web
 * API's common ones): invalid or revoked, expired, its owner deactivated, or access withdrawn by the org's key
 * management. Any other refusal (`ratelimited`, `internal_error`, `fatal_error`, …) says nothing about the token.
 */
export const TOKEN_REVOCATION_CODES: ReadonlySet<string> = new Set([
  "invalid_auth",
  "not_authed",
  "token_revoked",
  "token_expired",
  "account_inactive",
  "ekm_access_denied",
]);

export function isRevocation(error: string): boolean {
  return TOKEN_REVOCATION_CODES.has(error);
}
