/**
 * What Slack's `auth.test` said about the token the app sends: who owns it, that Slack refused it (with Slack's error
 * code), or that there was no usable answer (an outage, a 429, a body that is not Slack's), which proves nothing.
 */
export type AuthTestAnswer =
  | { kind: "ok"; userId: string; teamId?: string; enterpriseId?: string; user?: string }
  | { kind: "refused"; error: string }
  | { kind: "noAnswer"; reason: string };

/**
 * The port to Slack's Web API method `auth.test` (`POST https://slack.com/api/auth.test`, bearer token): paced by the
 * shared rate governor, sent with the token the SCIM calls send. Never throws for Slack's answer or its absence: both
 * are an AuthTestAnswer.
 */
export interface SlackAuthTest {
  authTest(): Promise<AuthTestAnswer>;
}
