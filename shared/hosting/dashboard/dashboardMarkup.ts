/**
 * The dashboard's HTML around its style and script: health, needs attention, people, history, and the operator's
 * controls. Static markup only (every value is drawn by the script as text); each section has a heading and each
 * control a label, so a keyboard and a screen reader reach everything in reading order.
 */
export function dashboardMarkup(style: string, script: string): string {
  const restartBoxes = ["Watermark", "Escrows", "QuarantineState", "ConnectorDataStore", "Full"]
    .map((v) => `<label><input type="checkbox" id="rs${v}"> ${v}</label>`)
    .join(" ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Entra ID → Slack provisioning</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${style}</style></head><body>
<header><h1>Entra ID → Slack provisioning</h1><nav aria-label="Sections"><a href="#health">Health</a><a href="#attn">Needs attention</a><a href="#people">People</a><a href="#history">History</a></nav></header>
<main>
<section id="health" aria-labelledby="hHealth"><h2 id="hHealth">Health</h2>
<p id="jobState"></p><p id="cycle">Loading…</p><p id="err" role="alert"></p>
<progress id="prog" hidden aria-label="Current cycle progress"></progress><p id="progLine"></p><p id="lastOk"></p>
<div class="cards" id="cards"></div>
<p><button id="start" class="primary" type="button">Start a cycle now</button> <button id="pause" type="button"></button></p>
<details><summary>Restart the job…</summary><fieldset><legend>Reset</legend>${restartBoxes}</fieldset>
<p><button id="restartGo" type="button">Restart…</button> <span id="restartNote" class="note"></span></p></details>
<h3>Graph change notifications</h3><p id="notif"></p>
<div class="wrap"><table><thead><tr><th>Resource</th><th>Subscription</th><th>Expires</th><th>Last notification</th><th>Last error</th></tr></thead><tbody id="subscriptions"></tbody></table></div>
<h3>Drift (Slack users changed in Slack)</h3><p id="drift"></p><p><button id="driftScan" type="button">Scan for drift now</button></p>
</section>
<section id="attn" aria-labelledby="hAttn"><h2 id="hAttn">Needs attention</h2>
<div id="heldBox" hidden><p id="held" class="held"></p>
<p><button id="approve" type="button">Approve all: apply these removals</button> <button id="reject" type="button">Reject all: keep everyone</button></p></div>
<p id="decision" role="status"></p><p id="attNote" class="note"></p>
<div class="wrap"><table><thead><tr><th>Who</th><th>Type</th><th>State</th><th>Code</th><th>Reason and fix</th><th>Since / next</th><th>Action</th></tr></thead><tbody id="attention"></tbody></table></div>
</section>
<section id="people" aria-labelledby="hPeople"><h2 id="hPeople">People</h2>
<p><label for="q">Search by UPN, mail, display name or object id</label><br><input id="q" type="search" size="40" autocomplete="off"> <button id="searchGo" type="button">Search</button> <span id="searchNote" class="note" aria-live="polite"></span></p>
<ul id="hits"></ul>
<div id="person" hidden><h3 id="personHeading" tabindex="-1"><span id="personName"></span></h3>
<p id="personState"></p><p id="personScope"></p><p id="personSlack"></p>
<div class="wrap"><table><thead><tr><th>Mapped attribute</th><th>Value</th></tr></thead><tbody id="personValues"></tbody></table></div>
<h3>History</h3><div class="wrap"><table><thead><tr><th>Time</th><th>Who</th><th>Action</th><th>Status</th><th>Reason</th><th></th></tr></thead><tbody id="personHistory"></tbody></table></div></div>
<h3>Provision on demand</h3><p><label for="odKind">Kind</label> <select id="odKind"><option value="users">User (UPN or object id)</option><option value="groups">Group (object id)</option></select>
<label for="odId">Id</label> <input id="odId" size="40"> <button id="odGo" type="button">Provision now</button></p>
<p id="odResult"></p><table><tbody id="odSteps"></tbody></table>
</section>
<section id="history" aria-labelledby="hHistory"><h2 id="hHistory">History</h2>
<p><label for="chartBy">Changes per</label> <select id="chartBy"><option value="hour">hour (last 24)</option><option value="day">day (last 14)</option></select>
<span class="legend"><span class="bar-Create"></span>created<span class="bar-Update"></span>updated<span class="bar-Disable"></span>deactivated<span class="bar-Failure"></span>failed</span></p>
<div id="chart" class="chart" role="img" aria-labelledby="chartText"></div><p id="chartText"></p><p id="histNote" class="note"></p>
<div class="wrap"><table><thead><tr><th>Started</th><th>Trigger</th><th>Read</th><th>Duration</th><th>Objects read</th><th>Created</th><th>Updated</th><th>Deactivated</th><th>Failed</th><th>Rejected</th></tr></thead><tbody id="cycles"></tbody></table></div>
<h3>Recent activity</h3>
<p><label for="csvHours">Export the last</label> <select id="csvHours"><option value="24">24 hours</option><option value="168">7 days</option><option value="744">31 days</option></select> <button id="csvGo" type="button">Export CSV…</button> <a id="csv" hidden download="activity.csv">Download CSV</a> <span id="csvNote" class="note"></span></p>
<div class="wrap"><table><thead><tr><th>Time</th><th>Who</th><th>Action</th><th>Status</th><th>Reason</th><th></th></tr></thead><tbody id="activity"></tbody></table></div>
</section>
</main>
<script>${script}</script></body></html>`;
}
