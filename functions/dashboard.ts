import { createHash } from "node:crypto";
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { registerHttp } from "../shared/hosting/registerHttp";

/**
 * GET /api/dashboard — a small self-contained page (no external scripts, styles or fonts) that shows the current cycle,
 * Slack's counts, the removals held by the deletion guard (with approve and reject), the users rejected and escrowed,
 * the Graph change-notification subscriptions (as /api/status reports them), the last drift scan (with a button to scan
 * now) and the recent activity, refreshing every few seconds from the operator API. Every value lands in a text node,
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

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#1d1c1d}
h1{font-size:1.3rem} h2{font-size:1.05rem;margin-top:1.5rem}
table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top}
.Failure{color:#b00020} .Warning{color:#a15c00} .Skipped{color:#666} .Success{color:#0a7d32}
.cards{display:flex;gap:1rem;flex-wrap:wrap} .card{border:1px solid #ddd;border-radius:6px;padding:.6rem 1rem;min-width:9rem}
.card b{display:block;font-size:1.3rem} button{font:inherit;padding:.3rem .8rem} #err{color:#b00020}
`;

const SCRIPT = `
const call = async (path, method) => {
  const r = await fetch(path, { method: method || "GET", headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin" });
  if (r.status === 401) throw new Error("your sign-in has expired or is missing: reload the page to sign in again");
  if (r.status === 403) throw new Error("you lack the app role for this (" + ((await r.json()).error || {}).message + ")");
  if (!r.ok) throw new Error("HTTP " + r.status + " from " + path);
  return r.status === 204 ? null : r.json();
};
const text = (s) => document.createTextNode(s == null ? "" : String(s));
function row(cells, cls) {
  const tr = document.createElement("tr");
  cells.forEach((c, i) => { const td = document.createElement("td"); td.appendChild(text(c)); if (cls && cls[i]) td.className = cls[i]; tr.appendChild(td); });
  return tr;
}
const when = (iso) => new Date(iso).toLocaleString();
function fill(id, rows) { const el = document.getElementById(id); el.replaceChildren(...rows); }
function card(label, value) { const d = document.createElement("div"); d.className = "card"; const b = document.createElement("b"); b.appendChild(text(value)); d.append(b, text(label)); return d; }
let paused = false;
async function refresh() {
  try {
    const [status, slack, activity] = await Promise.all([
      call("status"),
      call("status/slack"),
      call("activity?limit=50"),
    ]);
    paused = !!status.paused;
    document.getElementById("pause").textContent = paused ? "Resume" : "Pause";
    document.getElementById("cycle").textContent =
      "Cycle " + (status.cycleId || "–") + " · " + (status.full ? "full read" + (status.fullReason ? " (" + status.fullReason + ")" : "") : "incremental") +
      " · " + (status.converged ? "converged" : status.phase) + " · backlog " + status.backlog +
      (status.durationSeconds != null ? " · " + status.durationSeconds.toFixed(1) + " s" : "") + (paused ? " · PAUSED" : "");
    const q = status.quarantine;
    document.getElementById("err").textContent = q
      ? "QUARANTINED (" + q.reason + ", since " + new Date(q.since).toLocaleString() + "): " + q.detail + " Next timer cycle: " + new Date(q.nextAttemptAt).toLocaleString() + "."
      : status.lastError ? status.lastError.code + ": " + status.lastError.message : "";
    const a = status.counts.byAction, g = status.groupCounts.byAction;
    fill("cards", [
      card("users created", a.Create || 0), card("users updated", a.Update || 0), card("deactivated", a.Disable || 0),
      card("failed", status.counts.byStatus.Failure || 0), card("group changes", (g.Create || 0) + (g.Update || 0) + (g.Delete || 0)),
      card("Slack users (active)", slack.users ? slack.users.total + " (" + (slack.users.active == null ? "counting…" : slack.users.active) + ")" : "–"),
      card("Slack groups", slack.groups == null ? "–" : slack.groups),
    ]);
    const moreRejected = (status.rejectedTotal || 0) - status.rejected.length;
    fill("rejected", status.rejected.map((r) => row([r.identity || r.objectId, r.errorCode, r.reason])).concat(moreRejected > 0 ? [row(["…and " + moreRejected + " more", "", ""])] : []));
    const h = status.removals && status.removals.held;
    document.getElementById("heldBox").hidden = !h;
    document.getElementById("held").textContent = h
      ? "HELD since " + new Date(h.since).toLocaleString() + ": " + h.users + " deactivation(s), " + h.groups + " group deletion(s). " + h.reason
      : "";
    fill("heldRows", h ? h.entries.map((x) => row([x.identity || x.objectId, x.objectType === "User" ? "deactivate" : "delete group", x.evidence])).concat(h.more ? [row(["…and more: GET /api/held lists them all", "", ""])] : []) : []);
    const d = status.drift || {}, dl = d.last, dr = d.running;
    document.getElementById("drift").textContent =
      (dl ? "Last drift scan " + new Date(dl.finishedAt).toLocaleString() + " (" + dl.mode + "): " + dl.usersRead + " Slack user(s) read, " +
        dl.managed + " managed, " + dl.drifted + " drifted (" + dl.findings + " finding(s)), " + dl.repairsQueued + " repair(s) queued, " +
        dl.repaired + " repaired, " + dl.repairFailed + " failed" + (dl.skipped ? ", " + dl.skipped + " left for the next scan" : "") + "."
        : "No drift scan has finished yet.") +
      (dr ? " Running: scan " + dr.scanId + ", " + dr.usersRead + " read so far" + (dr.stalled ? " (stalled: started again at the next due check)" : "") + "." : "") +
      " Mode " + (d.mode || "?") + ", " + (d.intervalHours ? "every " + d.intervalHours + " h" : "on demand only") + ".";
    fill("escrowed", status.escrowed.entries.map((x) => row([x.identity || x.objectType + " " + x.objectId, x.attempts, x.lastError.code + ": " + x.lastError.message, new Date(x.nextAttemptAt).toLocaleString()])));
    const n = status.notifications;
    document.getElementById("notif").textContent = !n ? "Not reported by this version of the API."
      : !n.enabled ? "Off (GRAPH_NOTIFICATIONS is not set): changes in Entra arrive with the scheduled cycle."
      : "On: a change in Entra starts an incremental cycle within seconds. " +
        (n.latestNotifiedAt ? "Latest notification " + when(n.latestNotifiedAt) + "." : "No notification received yet.") +
        (n.catchUpPending ? " A catch-up cycle is pending." : "");
    fill("subscriptions", n && n.enabled ? n.subscriptions.map((s) => row([
      s.resource, s.id || "none yet", s.expiresAt ? when(s.expiresAt) : "–", s.lastNotificationAt ? when(s.lastNotificationAt) : "none yet",
      s.lastError ? s.lastError.code + ": " + s.lastError.message + " (" + when(s.lastError.at) + ")" : "",
    ], [null, null, null, null, s.lastError ? "Failure" : null])) : []);
    fill("activity", activity.map((r) => row([new Date(r.at).toLocaleString(), r.identity || r.objectId, r.objectType + " " + r.action, r.status, r.reason], [null, null, null, r.status, null])));
  } catch (e) { document.getElementById("err").textContent = "Cannot reach the API: " + e.message; }
}
const act = (path) => call(path, "POST").then(refresh, (e) => { document.getElementById("err").textContent = "Not done: " + e.message; });
document.getElementById("start").onclick = () => act("cycles");
const decide = (what, question) => { if (confirm(question)) act("held/" + what); };
document.getElementById("approve").onclick = () => decide("approve", "Apply every held removal now?");
document.getElementById("reject").onclick = () => decide("reject", "Discard the held removals? They are evaluated again in the next cycle.");
document.getElementById("pause").onclick = () => act(paused ? "job/resume" : "job/pause");
document.getElementById("driftScan").onclick = () => act("drift/scan");
document.getElementById("odGo").onclick = async () => {
  const id = document.getElementById("odId").value.trim(), out = document.getElementById("odResult");
  if (!id) return;
  out.textContent = "Provisioning " + id + "…"; fill("odSteps", []);
  try {
    const r = await fetch("provision/" + document.getElementById("odKind").value + "/" + encodeURIComponent(id), { method: "POST", headers: { "X-Requested-With": "XMLHttpRequest" }, credentials: "same-origin" });
    const b = await r.json();
    if (!r.ok) { out.textContent = "HTTP " + r.status + ": " + ((b.error || {}).message || ""); return; }
    const m = b.members ? " · members: " + b.members.total + " " + JSON.stringify(b.members.byAction) : "";
    out.textContent = (b.identity || b.objectId) + ": " + b.action + " · " + b.status + " · " + b.reason + m + (b.recorded ? "" : " (nothing written)");
    fill("odSteps", b.steps.map((s) => row([s.name, s.status, s.detail], [null, s.status, null])).concat(b.slack.map((x) => row(["Slack", x.status, x.method + " " + x.path]))));
    refresh();
  } catch (e) { out.textContent = "Not done: " + e.message; }
};
refresh(); setInterval(refresh, 3000);
`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Entra ID → Slack provisioning</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head><body>
<h1>Entra ID → Slack provisioning</h1>
<p id="cycle">Loading…</p><p id="err"></p>
<div class="cards" id="cards"></div>
<p><button id="start">Start a cycle now</button> <button id="pause"></button></p>
<h2>Provision on demand</h2><p><select id="odKind"><option value="users">User (UPN or object id)</option><option value="groups">Group (object id)</option></select>
<input id="odId" size="40" aria-label="UPN or object id"> <button id="odGo">Provision now</button></p>
<p id="odResult"></p><table><tbody id="odSteps"></tbody></table>
<div id="heldBox" hidden><h2>Held by the deletion guard</h2><p id="held" class="Warning"></p>
<p><button id="approve">Approve: apply these removals</button> <button id="reject">Reject: keep everyone</button></p>
<table><thead><tr><th>Who</th><th>Removal</th><th>Why</th></tr></thead><tbody id="heldRows"></tbody></table></div>
<h2>Rejected</h2><table><thead><tr><th>Who</th><th>Code</th><th>Reason</th></tr></thead><tbody id="rejected"></tbody></table>
<h2>Drift (Slack users changed in Slack)</h2><p id="drift"></p><p><button id="driftScan">Scan for drift now</button></p>
<h2>Escrowed (retried automatically)</h2><table><thead><tr><th>Who</th><th>Escrows</th><th>Last error</th><th>Next attempt</th></tr></thead><tbody id="escrowed"></tbody></table>
<h2>Graph change notifications</h2><p id="notif"></p>
<table><thead><tr><th>Resource</th><th>Subscription</th><th>Expires</th><th>Last notification</th><th>Last error</th></tr></thead><tbody id="subscriptions"></tbody></table>
<h2>Recent activity</h2><table><thead><tr><th>Time</th><th>Who</th><th>Action</th><th>Status</th><th>Reason</th></tr></thead><tbody id="activity"></tbody></table>
<script>${SCRIPT}</script></body></html>`;

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
