import type { OnDemandResult } from "../../shared/engine/onDemand/OnDemandResult";
import type { SlackExchange } from "../../shared/slack/slackExchanges";

/** Pure: an on-demand result as lines for a terminal: the outcome, the numbered steps, the changes and Slack's side. */
export function formatOnDemand(result: OnDemandResult): string[] {
  if (result.kind === "notFound") return [`Not found: ${result.message}`];
  if (result.kind === "busy") return [`Busy (waited ${(result.waitedMs / 1000).toFixed(1)} s): ${result.message}`];
  if (result.kind === "unavailable") {
    return [`Not done now (${result.code}): ${result.message}`, ...result.slack.map(slackLine)];
  }
  const a = result.answer;
  const lines = [
    `${a.objectType} ${a.identity ?? a.objectId} (${a.objectId}): ${a.action}, ${a.status}${a.recorded ? "" : " (nothing written)"}`,
    `  ${a.reason}`,
    ...a.steps.map((s, i) => `  ${i + 1} ${s.name.padEnd(7)} ${s.status.padEnd(8)} ${s.detail}`),
    ...a.modifiedProperties.map((p) => `  ${p.name}: ${p.oldValue ?? "–"} → ${p.newValue ?? "–"}`),
  ];
  if (a.membersAdded?.length) lines.push(`  members added: ${a.membersAdded.join(", ")}`);
  if (a.membersRemoved?.length) lines.push(`  members removed: ${a.membersRemoved.join(", ")}`);
  if (a.members) {
    const counts = Object.entries(a.members.byAction).map(([action, n]) => `${action} ${n}`);
    const { notFound, busy, unavailable } = a.members.notDone;
    lines.push(
      `  ${a.members.total} member(s), provisioned first: ${counts.join(", ") || "none"}` +
        (notFound + busy + unavailable > 0
          ? `; not done: ${notFound} not found, ${busy} busy, ${unavailable} unavailable`
          : ""),
    );
  }
  for (const note of a.notes ?? []) lines.push(`  note: ${note}`);
  if (a.waitedForLeaseMs > 0) lines.push(`  waited ${(a.waitedForLeaseMs / 1000).toFixed(1)} s for another run of it`);
  lines.push(`  ${a.scopeAsOf}`);
  lines.push(...a.slack.map(slackLine));
  return lines;
}

function slackLine(x: SlackExchange): string {
  return `  Slack: ${x.method} ${x.path} → ${x.status === 0 ? `no answer (${x.error ?? "?"})` : x.status} (${x.durationMs} ms)`;
}
