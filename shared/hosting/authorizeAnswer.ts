import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type { SlackConnected } from "../slack/authorize/SlackAuthorizeFlow";

/** How Authorize's callback ended: connected, or refused with the status, code and message to show. */
export type AuthorizeOutcome =
  { kind: "connected"; connected: SlackConnected } | { kind: "refused"; status: number; code: string; message: string };

/** Pure: whether the caller is a browser that asked for a page (Slack's redirect lands in one). */
export function wantsHtml(request: Pick<HttpRequest, "headers">): boolean {
  return (request.headers.get("accept") ?? "").toLowerCase().includes("text/html");
}

/** No script, no style, no framing, no referrer (the callback's address carries the code), never cached. */
const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

/**
 * Pure: the answer of Authorize's callback (and of its start, when it cannot redirect): a small page for a browser,
 * JSON otherwise, with the same facts. Never the token.
 */
export function authorizeAnswer(outcome: AuthorizeOutcome, html: boolean): HttpResponseInit {
  if (outcome.kind === "connected") {
    const c = outcome.connected;
    const message = `Slack is connected: user ${c.slackUserId} granted ${c.scope}; the token is stored in ${c.storedIn}, and the next Slack call uses it.`;
    if (!html) {
      return {
        status: 200,
        headers: { "cache-control": "no-store", "referrer-policy": "no-referrer", "x-content-type-options": "nosniff" },
        jsonBody: { connected: true, ...c, message },
      };
    }
    return { status: 200, headers: PAGE_HEADERS, body: page("Slack is connected", message) };
  }
  if (!html) {
    return {
      status: outcome.status,
      headers: { "cache-control": "no-store", "referrer-policy": "no-referrer", "x-content-type-options": "nosniff" },
      jsonBody: { error: { code: outcome.code, message: outcome.message } },
    };
  }
  return {
    status: outcome.status,
    headers: PAGE_HEADERS,
    body: page("Slack was not connected", `${outcome.message} (${outcome.code})`),
  };
}

function page(title: string, text: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>` +
    `<p><a href="/api/dashboard">Dashboard</a> · <a href="/api/slack/authorize">Authorize again</a></p></body></html>`
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
