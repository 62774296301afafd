import { ProvisioningError, TransientError } from "../../errors";
import type { HttpClient } from "../../http/HttpClient";
import type { SlackOAuthAnswer, SlackOAuthExchange } from "./SlackOAuthExchange";

const TIMEOUT_MS = 15_000;

export interface SlackOAuthApp {
  /** https://slack.com, or the emulator's origin. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}

/**
 * oauth.v2.access over HTTP: `POST <base>/api/oauth.v2.access`, form-encoded (code, redirect_uri, client_id,
 * client_secret), not retried (a code is single use). Slack answers HTTP 200 with `{"ok": …}`; an error code is
 * returned for the flow to explain. No answer, a 5xx or a 429 is a TransientError; an answer that is not Slack's
 * shape a ProvisioningError. The client secret and the token appear in no error.
 */
export class HttpSlackOAuthExchange implements SlackOAuthExchange {
  constructor(
    private readonly app: SlackOAuthApp,
    private readonly http: HttpClient,
  ) {}

  async exchange(code: string, redirectUri: string): Promise<SlackOAuthAnswer> {
    const url = `${this.app.baseUrl}/api/oauth.v2.access`;
    const body = new URLSearchParams({
      code,
      redirect_uri: redirectUri,
      client_id: this.app.clientId,
      client_secret: this.app.clientSecret,
    }).toString();
    let status: number;
    let text: string;
    try {
      const res = await this.http({
        method: "POST",
        url,
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = res.status;
      text = await res.text();
    } catch (e) {
      const why = e instanceof Error && e.name === "TimeoutError" ? `no answer within ${TIMEOUT_MS} ms` : "no answer";
      throw new TransientError(
        "SlackUnavailable",
        `Slack's oauth.v2.access (${url}) gave ${why}: start Authorize again.`,
      );
    }
    if (status === 429 || status >= 500) {
      throw new TransientError(
        "SlackUnavailable",
        `Slack's oauth.v2.access answered HTTP ${status}: Slack is busy or down; start Authorize again in a moment.`,
        { status },
      );
    }
    return parseAnswer(status, text, url);
  }
}

/** Slack's body: `{"ok": true, "authed_user": {…}, "team": {…}, "enterprise": …}` or `{"ok": false, "error": "…"}`. */
function parseAnswer(status: number, text: string, url: string): SlackOAuthAnswer {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const b = (typeof body === "object" && body !== null ? body : {}) as {
    ok?: unknown;
    error?: unknown;
    authed_user?: { id?: unknown; scope?: unknown; access_token?: unknown };
    team?: { id?: unknown } | null;
    enterprise?: { id?: unknown } | null;
  };
  if (b.ok === false && typeof b.error === "string") return { ok: false, error: b.error };
  const user = b.authed_user;
  if (b.ok === true && typeof user?.access_token === "string" && typeof user.id === "string") {
    return {
      ok: true,
      grant: {
        userToken: user.access_token,
        scope: typeof user.scope === "string" ? user.scope : "",
        userId: user.id,
        teamId: typeof b.team?.id === "string" ? b.team.id : undefined,
        enterpriseId: typeof b.enterprise?.id === "string" ? b.enterprise.id : undefined,
      },
    };
  }
  if (b.ok === true) return { ok: false, error: "no_user_token" };
  throw new ProvisioningError(
    "SlackOAuthUnexpected",
    `${url} answered HTTP ${status} without Slack's {"ok": …} body: check SLACK_OAUTH_BASE_URL (https://slack.com).`,
  );
}
