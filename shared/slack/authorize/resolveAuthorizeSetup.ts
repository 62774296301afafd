import type { Settings } from "../../config/Settings";
import { ConfigurationError } from "../../errors";
import { isLoopbackHost } from "../../http/isLoopbackHost";

/** The callback's route below the host (the Slack app's Redirect URL ends with it). */
export const SLACK_OAUTH_CALLBACK_PATH = "/api/slack/oauth/callback";

/** Everything Authorize needs, complete. */
export interface AuthorizeSetup {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The Redirect URL registered in the Slack app: this app's callback. */
  redirectUri: string;
}

/**
 * Pure: the Slack app's settings made complete, or a ConfigurationError naming what to set. Without
 * SLACK_OAUTH_REDIRECT_URL (or App Service's host name, see loadSettings) the callback is the request's own origin, but
 * only on loopback (the local host): elsewhere a Host header must not decide where Slack sends the code.
 */
export function resolveAuthorizeSetup(settings: Settings["slackAuthorize"], requestUrl: string): AuthorizeSetup {
  const { clientId, clientSecret, baseUrl } = settings;
  if (!clientId || !clientSecret) {
    const missing = [!clientId ? "SLACK_CLIENT_ID" : undefined, !clientSecret ? "SLACK_CLIENT_SECRET" : undefined]
      .filter((m) => m !== undefined)
      .join(" and ");
    throw new ConfigurationError(
      `Authorize is not set up: set ${missing} to the Client ID and Client Secret of the Slack app (Basic Information → ` +
        "App Credentials; docs/deploy-to-azure.md, Connect Slack). Meanwhile SLACK_TOKEN is used as pasted.",
    );
  }
  const own = new URL(requestUrl);
  const redirectUri =
    settings.redirectUrl ??
    (own.protocol === "http:" && isLoopbackHost(own.hostname)
      ? `${own.origin}${SLACK_OAUTH_CALLBACK_PATH}`
      : undefined);
  if (!redirectUri) {
    throw new ConfigurationError(
      `Authorize does not know this app's callback URL: set SLACK_OAUTH_REDIRECT_URL to https://<host>${SLACK_OAUTH_CALLBACK_PATH} ` +
        "(the Redirect URL registered in the Slack app).",
    );
  }
  return { baseUrl, clientId, clientSecret, redirectUri };
}
