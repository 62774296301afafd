import { createHash } from "node:crypto";
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { registerHttp } from "../shared/hosting/registerHttp";
import { dashboardMarkup } from "../shared/hosting/dashboard/dashboardMarkup";
import { DASHBOARD_SCRIPT } from "../shared/hosting/dashboard/dashboardScript";
import { DASHBOARD_STYLE } from "../shared/hosting/dashboard/dashboardStyle";

/**
 * GET /api/dashboard — a self-contained page (no external scripts, styles or fonts; built in shared/hosting/dashboard)
 * with four sections: health (job state, the current cycle with a progress bar, Slack's counts, change-notification
 * subscriptions, drift), needs attention (the standing list from /api/attention with retry, and the held removals with
 * approve and reject), people (search, a person's scope, mapped values, Slack account and history, each activity row
 * opening to its steps, modified properties and Slack requests) and history (the last cycles and a chart of changes
 * per hour or day drawn by the page), refreshing every few seconds from the operator API. Every value lands in a text node,
 * never in markup. It works with the sign-in session (App Service Authentication in Azure, the local host's own check
 * locally): no key in any URL. Its requests send `X-Requested-With: XMLHttpRequest`, which the sign-in routes require of
 * cookie-borne POSTs (checkAmbientCsrf) and which makes App Service Authentication answer an expired session with 401
 * instead of a redirect.
 */
export function dashboard(_request: HttpRequest): Promise<HttpResponseInit> {
  return Promise.resolve({
    status: 200,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": DASHBOARD_CSP,
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "cache-control": "no-store",
    },
    body: PAGE,
  });
}

const STYLE = DASHBOARD_STYLE;
const SCRIPT = DASHBOARD_SCRIPT;
const PAGE = dashboardMarkup(STYLE, SCRIPT);

/** The page's one style and one script, allowed by their hashes: no inline code of any other origin can run. */
const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "connect-src 'self'",
  `script-src ${sha256(SCRIPT)}`,
  `style-src ${sha256(STYLE)}`,
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

registerHttp({ name: "dashboard", role: "reader", route: "dashboard", methods: ["GET"], handler: dashboard });
