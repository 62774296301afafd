/**
 * The dashboard's one script (allowed by its hash in the CSP). Every value lands in a text node or a property
 * (textContent, value, href), never in markup; all data comes from the operator API below the page (relative paths);
 * routes an older API lacks (404) show "not available" in their own section instead of breaking the page.
 */
export const DASHBOARD_SCRIPT = `
const H = { "X-Requested-With": "XMLHttpRequest" };
class NotAvailable extends Error {}
const call = async (path, method, body) => {
  const init = { method: method || "GET", headers: body === undefined ? H : Object.assign({ "Content-Type": "application/json" }, H), credentials: "same-origin" };
  if (body !== undefined) init.body = JSON.stringify(body);
  const r = await fetch(path, init);
  if (r.status === 401) throw new Error("your sign-in has expired or is missing: reload the page to sign in again");
  if (r.status === 403) throw new Error("you lack the app role for this (" + ((await r.json()).error || {}).message + ")");
  if (r.status === 404) throw new NotAvailable("not available in this version of the API (" + path.split("?")[0] + ")");
  if (!r.ok) { let m = ""; try { m = ((await r.json()).error || {}).message || ""; } catch (e) { m = ""; } throw new Error("HTTP " + r.status + " from " + path.split("?")[0] + (m ? ": " + m : "")); }
  return r.status === 204 ? null : r.json();
};
const $ = (id) => document.getElementById(id);
const text = (s) => document.createTextNode(s == null ? "" : String(s));
const el = (tag, cls, ...kids) => { const e = document.createElement(tag); if (cls) e.className = cls; kids.forEach((k) => e.appendChild(typeof k === "object" && k !== null ? k : text(k))); return e; };
function cell(c, cls) { const td = document.createElement("td"); if (c && typeof c === "object") td.appendChild(c); else td.appendChild(text(c)); if (cls) td.className = cls; return td; }
function row(cells, cls) { const tr = document.createElement("tr"); cells.forEach((c, i) => tr.appendChild(cell(c, cls && cls[i]))); return tr; }
const button = (label, onclick, cls) => { const b = el("button", cls, label); b.type = "button"; b.onclick = onclick; return b; };
const when = (iso) => iso ? new Date(iso).toLocaleString() : "–";
function fill(id, rows) { const e = $(id); if (e) e.replaceChildren(...rows); }
function card(label, value) { const d = document.createElement("div"); d.className = "card"; const b = document.createElement("b"); b.appendChild(text(value)); d.append(b, text(label)); return d; }
const say = (id, msg) => { const e = $(id); if (e) e.textContent = msg; };
const fail = (id) => (e) => say(id, e instanceof NotAvailable ? "Not available: " + e.message : "Not done: " + e.message);
let paused = false;
let lastFullTotal = 0;

let lastStatus = null;
function progress(status) {
  lastStatus = status;
  const running = !status.converged && status.cycleId;
  const bar = $("prog"); const line = $("progLine");
  if (!bar) return;
  bar.hidden = !running;
  if (!running) { say("progLine", status.cycleId ? "No cycle running." : "No cycle yet."); return; }
  const processed = Math.max(0, (status.objectsRead || 0) - (status.backlog || 0));
  const total = Math.max(lastFullTotal, status.objectsRead || 0, 1);
  bar.max = total; bar.value = Math.min(processed, total);
  const secs = status.durationSeconds || 0;
  const eta = lastFullTotal && processed > 0 && total > processed ? Math.round(secs * (total - processed) / processed) : null;
  line.textContent = (status.phase === "reading" ? "Reading Entra: " : "Applying: ") + (status.pagesRead || 0) + " page(s) read, " +
    (lastFullTotal ? processed + " of about " + total + " object(s) processed (the last full cycle read " + lastFullTotal + ")"
      : processed + " object(s) processed of " + (status.objectsRead || 0) + " read so far (no full cycle to compare with yet)") +
    (eta != null ? ", about " + eta + " s left" : "") + ".";
}

async function refresh() {
  try {
    const [status, slack, activity] = await Promise.all([call("status"), call("status/slack"), call("activity?limit=50")]);
    paused = !!status.paused;
    say("pause", paused ? "Resume" : "Pause");
    const state = status.quarantine ? "QUARANTINED" : paused ? "PAUSED" : status.converged ? "idle (converged)" : "running";
    say("jobState", "Job: " + state + (status.removals && status.removals.held ? " · deletions HELD for approval" : ""));
    say("cycle",
      "Cycle " + (status.cycleId || "–") + " · " + (status.full ? "full read" + (status.fullReason ? " (" + status.fullReason + ")" : "") : "incremental") +
      " · " + (status.converged ? "converged" : status.phase) + " · backlog " + status.backlog +
      (status.durationSeconds != null ? " · " + status.durationSeconds.toFixed(1) + " s" : "") + (paused ? " · PAUSED" : ""));
    say("lastOk", status.lastCommittedAt ? "Last committed cycle: " + when(status.lastCommittedAt) + "." : "No cycle committed yet.");
    progress(status);
    const q = status.quarantine;
    say("err", q
      ? "QUARANTINED (" + q.reason + ", since " + when(q.since) + "): " + q.detail + " Next timer cycle: " + when(q.nextAttemptAt) + "."
      : status.lastError ? status.lastError.code + ": " + status.lastError.message : "");
    const a = status.counts.byAction, g = status.groupCounts.byAction;
    fill("cards", [
      card("users created", a.Create || 0), card("users updated", a.Update || 0), card("deactivated", a.Disable || 0),
      card("failed", status.counts.byStatus.Failure || 0), card("group changes", (g.Create || 0) + (g.Update || 0) + (g.Delete || 0)),
      card("Slack users (active)", slack.users ? slack.users.total + " (" + (slack.users.active == null ? "counting…" : slack.users.active) + ")" : "–"),
      card("Slack groups", slack.groups == null ? "–" : slack.groups),
    ]);
    const h = status.removals && status.removals.held;
    const hb = $("heldBox"); if (hb) hb.hidden = !h;
    say("held", h ? "HELD since " + when(h.since) + ": " + h.users + " deactivation(s), " + h.groups + " group deletion(s). " + h.reason : "");
    const d = status.drift || {}, dl = d.last, dr = d.running;
    say("drift",
      (dl ? "Last drift scan " + when(dl.finishedAt) + " (" + dl.mode + "): " + dl.usersRead + " Slack user(s) read, " +
        dl.managed + " managed, " + dl.drifted + " drifted (" + dl.findings + " finding(s)), " + dl.repairsQueued + " repair(s) queued, " +
        dl.repaired + " repaired, " + dl.repairFailed + " failed" + (dl.skipped ? ", " + dl.skipped + " left for the next scan" : "") + "."
        : "No drift scan has finished yet.") +
      (dr ? " Running: scan " + dr.scanId + ", " + dr.usersRead + " read so far" + (dr.stalled ? " (stalled: started again at the next due check)" : "") + "." : "") +
      " Mode " + (d.mode || "?") + ", " + (d.intervalHours ? "every " + d.intervalHours + " h" : "on demand only") + ".");
    const n = status.notifications;
    say("notif", !n ? "Not reported by this version of the API."
      : !n.enabled ? "Off (GRAPH_NOTIFICATIONS is not set): changes in Entra arrive with the scheduled cycle."
      : "On: a change in Entra starts an incremental cycle within seconds. " +
        (n.latestNotifiedAt ? "Latest notification " + when(n.latestNotifiedAt) + "." : "No notification received yet.") +
        (n.catchUpPending ? " A catch-up cycle is pending." : ""));
    fill("subscriptions", n && n.enabled ? n.subscriptions.map((s) => row([
      s.resource, s.id || "none yet", s.expiresAt ? when(s.expiresAt) : "–", s.lastNotificationAt ? when(s.lastNotificationAt) : "none yet",
      s.lastError ? s.lastError.code + ": " + s.lastError.message + " (" + when(s.lastError.at) + ")" : "",
    ], [null, null, null, null, s.lastError ? "Failure" : null])) : []);
    fill("activity", activityRows(activity));
  } catch (e) { say("err", "Cannot reach the API: " + e.message); }
  refreshAttention().catch(fail("attNote"));
  refreshHistory().catch(fail("histNote"));
}

const who = (objectType, objectId, identity) => button(identity || objectId, () => openPerson(objectType, objectId, identity), "link");
const retry = (x) => button(x.objectType === "User" ? "Retry now" : "Provision now", () => provision(x.objectType === "User" ? "users" : "groups", x.objectId, "decision"));
const kindText = { failed: "failed", escrowed: "escrowed (retried automatically)", rejected: "rejected", skipped: "skipped by policy" };

async function refreshAttention() {
  const att = await call("attention?limit=200");
  const rows = att.entries.map((x) => row([
    who(x.objectType, x.objectId, x.identity), x.objectType, kindText[x.kind] || x.kind, x.errorCode || "", x.reason,
    x.kind === "escrowed" && x.nextAttemptAt ? "next attempt " + when(x.nextAttemptAt) : when(x.at), retry(x),
  ], [null, null, x.kind]));
  const held = att.held.entries.map((x) => row([
    who(x.objectType, x.objectId, x.identity), x.objectType, "held by the deletion guard", "RemovalHeld",
    (x.objectType === "User" ? "Would be deactivated: " : "Would be deleted: ") + x.evidence + " Approve to apply, reject to keep.",
    when(x.since || x.stagedAt),
    el("span", null, button("Approve", () => decide("approve", [x.objectId], "Apply this removal now?")), text(" "), button("Reject", () => decide("reject", [x.objectId], "Keep this one? It is evaluated again in the next cycle."))),
  ], [null, null, "held"]));
  fill("attention", held.concat(rows));
  say("attNote", (rows.length + held.length === 0 ? "Everyone in scope is as they should be in Slack." :
    rows.length + held.length + " user(s) and group(s) need attention" + (att.more || att.held.more ? " (the first shown; more exist)" : "") + "."));
}

async function refreshHistory() {
  const hist = await call("cycles/history?limit=200");
  const full = hist.cycles.find((c) => c.full && !c.current);
  lastFullTotal = full ? full.objectsRead : 0;
  if (lastStatus) progress(lastStatus);
  fill("cycles", hist.cycles.slice(0, 20).map((c) => row([
    when(c.startedAt) + (c.current ? " (current)" : ""), c.trigger || "–", c.full ? "full" : "incremental", c.durationSeconds.toFixed(1) + " s",
    c.objectsRead, c.counts.byAction.Create || 0, c.counts.byAction.Update || 0, c.counts.byAction.Disable || 0, c.counts.byStatus.Failure || 0, c.rejectedTotal,
  ])));
  chart(hist.cycles);
}

const SERIES = [["Create", "created"], ["Update", "updated"], ["Disable", "deactivated"], ["Failure", "failed"]];
function chart(cycles) {
  const byDay = $("chartBy") && $("chartBy").value === "day";
  const step = byDay ? 86400000 : 3600000, slots = byDay ? 14 : 24;
  const end = Math.floor(Date.now() / step) * step;
  const buckets = [];
  for (let i = slots - 1; i >= 0; i--) buckets.push({ t: end - i * step, Create: 0, Update: 0, Disable: 0, Failure: 0 });
  for (const c of cycles) {
    const b = buckets.find((x) => { const t = Date.parse(c.finishedAt); return t >= x.t && t < x.t + step; });
    if (!b) continue;
    b.Create += c.counts.byAction.Create || 0; b.Update += c.counts.byAction.Update || 0;
    b.Disable += c.counts.byAction.Disable || 0; b.Failure += c.counts.byStatus.Failure || 0;
  }
  const max = Math.max(1, ...buckets.map((b) => b.Create + b.Update + b.Disable + b.Failure));
  fill("chart", buckets.map((b) => {
    const slot = el("div", "slot");
    slot.title = (byDay ? new Date(b.t).toLocaleDateString() : new Date(b.t).toLocaleString()) + ": " + SERIES.map((s) => b[s[0]] + " " + s[1]).join(", ");
    SERIES.forEach((s) => { if (b[s[0]] > 0) { const bar = el("div", "bar-" + s[0]); bar.style.height = (100 * b[s[0]] / max) + "%"; slot.appendChild(bar); } });
    return slot;
  }));
  const total = (k) => buckets.reduce((n, b) => n + b[k], 0);
  say("chartText", "Last " + slots + (byDay ? " days" : " hours") + ": " + SERIES.map((s) => total(s[0]) + " " + s[1]).join(", ") + " (from the cycle history).");
}

function activityRows(records) {
  const out = [];
  records.forEach((r) => {
    const detail = row([""]); detail.className = "detail"; detail.hidden = true;
    const open = button("Details", () => {
      detail.hidden = !detail.hidden; open.setAttribute("aria-expanded", String(!detail.hidden));
      if (!detail.hidden && detail.firstChild) detail.firstChild.replaceChildren(details(r));
    });
    open.setAttribute("aria-expanded", "false");
    const td = detail.firstChild; if (td) td.colSpan = 6;
    out.push(row([when(r.at), r.objectType === "Job" ? r.objectId : who(r.objectType, r.objectId, r.identity), r.objectType + " " + r.action, r.status, r.reason, open], [null, null, null, r.status, null, null]), detail);
  });
  return out;
}

function details(r) {
  const box = el("div", null);
  box.appendChild(el("p", null, "Cycle " + r.cycleId + " · change " + r.changeId + (r.slackId ? " · Slack " + r.slackId : "") +
    (r.errorCode ? " · " + r.errorCode + (r.errorMessage ? ": " + r.errorMessage : "") : "") + (r.durationMs != null ? " · " + r.durationMs + " ms" : "") +
    (r.trigger ? " · on demand" + (r.requestedBy ? " by " + r.requestedBy : "") : "")));
  const steps = el("table", null, el("thead", null, row(["Step", "Status", "Detail"])), el("tbody", null, ...(r.steps || []).map((s) => row([s.name, s.status, s.detail], [null, s.status, null]))));
  box.append(el("h3", null, "Steps"), steps);
  const props = r.modifiedProperties || [];
  box.append(el("h3", null, "Modified properties"), props.length ? el("table", null, el("thead", null, row(["Property", "Old value", "New value"])),
    el("tbody", null, ...props.map((p) => row([p.name, p.oldValue == null ? "(none)" : p.oldValue, p.newValue == null ? "(none)" : p.newValue])))) : el("p", "note", "None."));
  if (r.membersAdded || r.membersRemoved) box.appendChild(el("p", null, "Members added: " + (r.membersAdded || []).join(", ") + " · removed: " + (r.membersRemoved || []).join(", ")));
  box.appendChild(el("h3", null, "Slack requests"));
  if (!r.requests || r.requests.length === 0) box.appendChild(el("p", "note", "None logged with this record."));
  else r.requests.forEach((q) => {
    box.appendChild(el("p", null, q.method + " " + q.path + " → " + (q.status != null ? q.status : "no answer") + (q.durationMs != null ? " in " + q.durationMs + " ms" : "") + (q.truncated ? " (bodies truncated)" : "") + (q.error ? " · " + q.error : "")));
    if (q.request) box.append(el("p", "note", "Request"), el("pre", null, q.request));
    if (q.response) box.append(el("p", "note", "Response"), el("pre", null, q.response));
  });
  return box;
}

async function search() {
  const q = $("q").value.trim();
  if (!q) return;
  say("searchNote", "Searching…");
  try {
    const res = await call("people?q=" + encodeURIComponent(q));
    fill("hits", res.hits.map((h) => el("li", null, who(h.objectType, h.objectId, (h.displayName ? h.displayName + " · " : "") + (h.identity || h.objectId)), text(" (" + h.objectType + ")"))));
    say("searchNote", res.hits.length ? res.hits.length + " found." : "Nobody found: the search knows people the app has recorded activity for (UPN, name, mail, or an object id).");
  } catch (e) { fail("searchNote")(e); }
}

async function openPerson(objectType, objectId, identity) {
  const box = $("person"); box.hidden = false;
  say("personName", (identity || objectId) + " (" + objectType + " " + objectId + ")");
  ["personState", "personScope", "personSlack"].forEach((id) => say(id, "Loading…"));
  fill("personValues", []); fill("personHistory", []);
  const kind = objectType === "User" ? "users" : "groups";
  $("personHeading").focus();
  const [info, history, preview] = await Promise.all([
    call("people/" + encodeURIComponent(objectId)).catch((e) => ({ error: e })),
    call("activity/" + kind + "/" + encodeURIComponent(objectId)).catch((e) => ({ error: e })),
    objectType === "User" ? call("preview/users/" + encodeURIComponent(objectId)).catch((e) => ({ error: e })) : Promise.resolve(null),
  ]);
  if (info.error) say("personState", "State: " + info.error.message);
  else say("personState", info.held ? "Held by the deletion guard: " + info.held.evidence : info.attention ? (kindText[info.attention.kind] || info.attention.kind) + ": " + (info.attention.errorCode ? info.attention.errorCode + " · " : "") + info.attention.reason : "Nothing needs attention.");
  if (!preview) { say("personScope", "Groups: scope follows their assignment to the app."); say("personSlack", ""); }
  else if (preview.error) { say("personScope", "Preview: " + preview.error.message); say("personSlack", ""); }
  else {
    const s = preview.scope;
    say("personScope", !s ? "Scope: unknown." : s.inScope ? "In scope through: " + s.paths.join("; ") + "." : "Out of scope" + (s.excludedBy ? ": excluded by " + s.excludedBy : "") + ".");
    const l = preview.link;
    say("personSlack", l && l.slackId ? "Slack account " + l.slackId + " (" + (l.slackActive === false ? "deactivated" : "active") + ", " + (l.matchedBy === "created" ? "created by the app" : "matched by " + (l.matchedBy || "?")) + ")." : "No Slack account linked.");
    const values = preview.mapped ? Object.entries(preview.mapped.values) : [];
    fill("personValues", values.map((v) => row([v[0], v[1] == null ? "(none)" : v[1]])).concat((preview.validation || []).map((p) => row([p.attribute, p.severity + ": " + (p.message || p.rule)], [null, p.severity === "error" ? "Failure" : "Warning"]))));
  }
  if (history.error) fill("personHistory", [row(["History: " + history.error.message])]);
  else fill("personHistory", activityRows(history));
}

async function provision(kind, id, noteId) {
  say(noteId, "Provisioning " + id + "…");
  try {
    const b = await call("provision/" + kind + "/" + encodeURIComponent(id), "POST");
    say(noteId, (b.identity || b.objectId) + ": " + b.action + " · " + b.status + " · " + b.reason + (b.recorded ? "" : " (nothing written)"));
    return b;
  } catch (e) { fail(noteId)(e); return null; } finally { refresh(); }
}

const act = (path, body) => call(path, "POST", body).then(refresh, fail("err"));
const decide = (what, ids, question) => { if (confirm(question)) call("held/" + what, "POST", ids ? { objectIds: ids } : undefined).then((r) => { say("decision", "Done: " + r.action + " " + r.users + " user(s), " + r.groups + " group(s)."); refresh(); }, fail("decision")); };
$("start").onclick = () => act("cycles");
$("approve").onclick = () => decide("approve", null, "Apply every held removal now?");
$("reject").onclick = () => decide("reject", null, "Discard the held removals? They are evaluated again in the next cycle.");
$("pause").onclick = () => act(paused ? "job/resume" : "job/pause");
$("driftScan").onclick = () => act("drift/scan");
$("searchGo").onclick = search;
$("q").onkeydown = (e) => { if (e.key === "Enter") search(); };
$("chartBy").onchange = () => refreshHistory().catch(fail("histNote"));
$("restartGo").onclick = () => {
  const scope = ["Watermark", "Escrows", "QuarantineState", "ConnectorDataStore", "Full"].filter((v) => $("rs" + v).checked);
  if (scope.length === 0) { say("restartNote", "Choose what to reset first."); return; }
  if (!confirm("Restart the job, resetting: " + scope.join(", ") + "?")) return;
  call("job/restart", "POST", { criteria: { resetScope: scope.join(", ") } }).then(() => { say("restartNote", "Restart accepted: " + scope.join(", ") + "."); refresh(); }, fail("restartNote"));
};
$("csvGo").onclick = () => {
  const hours = Number($("csvHours").value) || 24, to = new Date(), from = new Date(to.getTime() - hours * 3600000);
  $("csv").href = "activity?format=csv&from=" + encodeURIComponent(from.toISOString()) + "&to=" + encodeURIComponent(to.toISOString());
  $("csv").hidden = false;
  say("csvNote", "The link downloads " + hours + " hour(s) of activity as CSV (where the API offers CSV).");
};
$("odGo").onclick = async () => {
  const id = $("odId").value.trim();
  if (!id) return;
  fill("odSteps", []);
  const b = await provision($("odKind").value, id, "odResult");
  if (b) fill("odSteps", b.steps.map((s) => row([s.name, s.status, s.detail], [null, s.status, null])).concat(b.slack.map((x) => row(["Slack", x.status, x.method + " " + x.path]))));
};
refresh(); setInterval(refresh, 5000);
`;
