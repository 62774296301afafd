import { SlackAuthorizationError } from "../../errors";
import type { OAuthStateRefusal } from "./checkOAuthState";

const START_AGAIN = "Nothing was stored. Start again from /api/slack/authorize";

/** Pure: the error a refused state gives, naming what happened and what to do. */
export function stateRefused(refusal: OAuthStateRefusal): SlackAuthorizationError {
  switch (refusal) {
    case "unknown":
      return new SlackAuthorizationError(
        "OAuthStateUnknown",
        "This Slack authorization was not started here (its state is unknown: a link from elsewhere, or one older " +
          `than an hour). ${START_AGAIN}.`,
      );
    case "otherOperator":
      return new SlackAuthorizationError(
        "OAuthStateOfAnotherOperator",
        "This Slack authorization was started by another signed-in operator; it completes only for whoever started " +
          `it, in the same sign-in. ${START_AGAIN}, signed in as yourself.`,
      );
    case "used":
      return new SlackAuthorizationError(
        "OAuthStateUsed",
        "This Slack authorization was completed already (its state is single use: the page was reloaded, or the " +
          `link opened twice). If Slack is not connected, start again from /api/slack/authorize.`,
      );
    case "expired":
      return new SlackAuthorizationError(
        "OAuthStateExpired",
        `This Slack authorization was started more than 10 minutes ago. ${START_AGAIN} and allow the app within 10 minutes.`,
      );
  }
}

/** Pure: the error for `?error=…` on the callback (access_denied: the admin did not allow the app). */
export function consentRefused(error: string): SlackAuthorizationError {
  if (error === "access_denied") {
    return new SlackAuthorizationError(
      "SlackConsentDenied",
      "Slack says the app was not allowed (access_denied): Cancel was chosen on Slack's page, or the Slack user may " +
        "not install it. Nothing was stored; the Slack token in use stays. To connect, start again from " +
        "/api/slack/authorize as a Slack Org Owner or Admin (on Enterprise Grid, install on the org) and choose Allow.",
    );
  }
  return new SlackAuthorizationError(
    "SlackAuthorizeFailed",
    `Slack sent the browser back with error "${printable(error)}" instead of a code. ${START_AGAIN}.`,
  );
}

/** Pure: the error for a callback with neither a code nor an error. */
export function codeMissing(): SlackAuthorizationError {
  return new SlackAuthorizationError(
    "SlackAuthorizeFailed",
    `Slack sent the browser back without a code. ${START_AGAIN}.`,
  );
}

/**
 * Pure: the error for an oauth.v2.access refusal, naming the setting or the Slack app page to check: the code
 * (start again: 400) or the app's configuration (fix it, then start again: 502).
 */
export function exchangeRefused(
  error: string,
  setup: { clientId: string; redirectUri: string },
): SlackAuthorizationError {
  const code = "SlackOAuthRefused";
  const said = `Slack refused the authorization (${printable(error)})`;
  switch (error) {
    case "invalid_code":
      return new SlackAuthorizationError(
        code,
        `${said}: the code expired (Slack's codes last 10 minutes) or was not issued to this Slack app. ` +
          `${START_AGAIN} and allow the app within 10 minutes.`,
      );
    case "code_already_used":
      return new SlackAuthorizationError(
        code,
        `${said}: this code was exchanged before (the callback was opened twice). If Slack is not connected, start ` +
          "again from /api/slack/authorize.",
      );
    case "bad_redirect_uri":
      return new SlackAuthorizationError(
        code,
        `${said}: the redirect URL ${setup.redirectUri} is not the one the authorization started with, or not a ` +
          "Redirect URL of the Slack app. Add it exactly under the Slack app's OAuth & Permissions → Redirect URLs, " +
          "or set SLACK_OAUTH_REDIRECT_URL to the one registered there; then start again.",
        502,
      );
    case "invalid_client_id":
      return new SlackAuthorizationError(
        code,
        `${said}: Slack knows no app with the client ID "${printable(setup.clientId)}". Set SLACK_CLIENT_ID to the ` +
          "Client ID under the Slack app's Basic Information → App Credentials; then start again.",
        502,
      );
    case "bad_client_secret":
      return new SlackAuthorizationError(
        code,
        `${said}: the client secret does not match the Slack app. Set SLACK_CLIENT_SECRET (in Azure, the Key Vault ` +
          "secret SLACK-CLIENT-SECRET) to the Client Secret under Basic Information → App Credentials (regenerate it " +
          "there if unsure); then start again.",
        502,
      );
    case "no_user_token":
      return new SlackAuthorizationError(
        code,
        "Slack granted no user token: the Slack app must have admin under OAuth & Permissions → User Token Scopes. " +
          "Add it, then start again.",
        502,
      );
    default:
      return new SlackAuthorizationError(
        code,
        `${said}. Check the Slack app (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, its Redirect URLs and the admin user ` +
          "scope), then start again from /api/slack/authorize.",
        502,
      );
  }
}

/** Pure: the error when the granted token lacks the scope SCIM needs. */
export function scopeMissing(scope: string): SlackAuthorizationError {
  return new SlackAuthorizationError(
    "SlackTokenWithoutAdminScope",
    `Slack granted a user token with the scopes "${printable(scope)}", without admin, which the SCIM API needs. Add ` +
      "admin under the Slack app's OAuth & Permissions → User Token Scopes and authorize again as an Org Owner or " +
      "Admin. Nothing was stored.",
    502,
  );
}

/** A value from the request shown in a message: printable ASCII only, at most 100 characters. */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, 100);
}
