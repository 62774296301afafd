import type { Reply } from "./http";
import type { SlackOAuth } from "./SlackOAuth";

/** Whether a path is one of Slack's OAuth endpoints the emulator serves. */
export function isOAuthPath(path: string): boolean {
  return path === "/oauth/v2/authorize" || path === "/api/oauth.v2.access";
}

/**
 * Slack's OAuth v2 endpoints: `GET /oauth/v2/authorize` (redirects back to the app with a code or
 * `error=access_denied`, or shows Slack's error page) and `POST /api/oauth.v2.access` (form-encoded, the client's
 * credentials in the form or as HTTP Basic; always HTTP 200 with `{"ok": …}`, as Slack's Web API answers).
 */
export function handleOAuth(
  oauth: SlackOAuth,
  method: string,
  url: URL,
  headers: { authorization?: string; contentType?: string },
  rawBody: string,
): Reply {
  if (url.pathname === "/oauth/v2/authorize") {
    if (method !== "GET") return { status: 405, html: page("method_not_allowed") };
    const answer = oauth.authorize(url.searchParams);
    if (answer.kind === "redirect") return { status: 302, headers: { location: answer.location } };
    return { status: 400, html: page(answer.error) };
  }
  if (method !== "POST" && method !== "GET") return { status: 405, body: { ok: false, error: "method_not_allowed" } };
  const form = new URLSearchParams(url.search);
  if (method === "POST" && rawBody !== "") {
    if (!(headers.contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      return { status: 200, body: { ok: false, error: "invalid_post_type" } };
    }
    for (const [key, value] of new URLSearchParams(rawBody)) form.set(key, value);
  }
  return { status: 200, body: oauth.access(form, basicCredentials(headers.authorization)) };
}

/** `Authorization: Basic base64(client_id:client_secret)`, Slack's preferred way to send the client's credentials. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec((header ?? "").trim());
  if (!m?.[1]) return undefined;
  const text = Buffer.from(m[1], "base64").toString("utf8");
  const colon = text.indexOf(":");
  if (colon < 0) return undefined;
  return { id: decodeURIComponent(text.slice(0, colon)), secret: decodeURIComponent(text.slice(colon + 1)) };
}

/** Slack's error page, reduced to its error code. */
function page(error: string): string {
  return `<!doctype html><title>Slack</title><h1>Something went wrong when authorizing this app.</h1><p>${error}</p>`;
}
