const SLACK_TOKEN = /\bxox[a-z]-[A-Za-z0-9-]+/g;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/g;
const SECRET_ASSIGNMENT = /\b(client_secret|secret|password|token|sig|code)=([^&\s;]+)/gi;

/**
 * Replaces anything that looks like a credential (Slack tokens, bearer tokens, JWTs, `secret=`/`token=` pairs) with
 * `[redacted]`. A second line of defence: the engine already keeps secrets out of activity records.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(SLACK_TOKEN, "[redacted]")
    .replace(BEARER, "Bearer [redacted]")
    .replace(JWT, "[redacted]")
    .replace(SECRET_ASSIGNMENT, (_m, key: string) => `${key}=[redacted]`);
}
