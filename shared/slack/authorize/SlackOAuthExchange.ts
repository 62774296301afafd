/** What oauth.v2.access granted: the installing admin's user token and who and where it is. Never logged. */
export interface SlackUserGrant {
  /** authed_user.access_token (xoxp-…). */
  userToken: string;
  /** authed_user.scope, e.g. "admin". */
  scope: string;
  /** authed_user.id: the Slack user who authorized. */
  userId: string;
  teamId: string | undefined;
  enterpriseId: string | undefined;
}

/** oauth.v2.access's answer: the grant, or Slack's error code (`invalid_code`, `bad_client_secret`, …). */
export type SlackOAuthAnswer = { ok: true; grant: SlackUserGrant } | { ok: false; error: string };

/** The port to Slack's oauth.v2.access: exchanges an authorization code for the installing admin's user token. */
export interface SlackOAuthExchange {
  exchange(code: string, redirectUri: string): Promise<SlackOAuthAnswer>;
}
