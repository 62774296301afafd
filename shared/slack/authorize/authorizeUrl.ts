/** The user token scope Authorize asks for: what Slack's SCIM API needs. */
export const SLACK_SCIM_USER_SCOPE = "admin";

/**
 * Pure: Slack's OAuth v2 authorize page for the app, asking only for the user scope `admin` (no bot scopes), with the
 * callback and the state: `<base>/oauth/v2/authorize?client_id=…&user_scope=admin&redirect_uri=…&state=…`.
 */
export function authorizeUrl(input: { baseUrl: string; clientId: string; redirectUri: string; state: string }): string {
  const url = new URL(`${input.baseUrl}/oauth/v2/authorize`);
  url.searchParams.set("client_id", input.clientId);
  url.searchParams.set("user_scope", SLACK_SCIM_USER_SCOPE);
  url.searchParams.set("redirect_uri", input.redirectUri);
  url.searchParams.set("state", input.state);
  return url.toString();
}
