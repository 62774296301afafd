import type { ChangeKind } from "./ExpectedWrite";
import type { ChangeArrival } from "./matchWrites";
import type { LatencySummary } from "./summarizeLatencies";
import { summarizeLatencies } from "./summarizeLatencies";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function figures(summary: LatencySummary | undefined): string {
  return summary
    ? `p50 ${seconds(summary.p50)}, p95 ${seconds(summary.p95)}, max ${seconds(summary.max)}`
    : "no change arrived";
}

/**
 * Pure: the lines the bench prints for one phase: the figures over every change that arrived, the same per kind of
 * change, then every change that did not arrive within the deadline (each a failure).
 */
export function formatLatencyReport(phase: string, arrivals: readonly ChangeArrival[], deadlineMs: number): string[] {
  const arrived = arrivals.filter((a): a is ChangeArrival & { latencyMs: number } => a.latencyMs !== undefined);
  const missing = arrivals.filter((a) => a.latencyMs === undefined);
  const all = summarizeLatencies(arrived.map((a) => a.latencyMs));
  const lines = [
    `${phase}: ${arrivals.length} changes, ${arrived.length} arrived in Slack, ${missing.length} missing; ${figures(all)}`,
  ];
  const kinds = [...new Set(arrivals.map((a) => a.change.kind))] as ChangeKind[];
  for (const kind of kinds) {
    const ofKind = arrivals.filter((a) => a.change.kind === kind);
    const summary = summarizeLatencies(arrived.filter((a) => a.change.kind === kind).map((a) => a.latencyMs));
    lines.push(`  ${kind.padEnd(15)} ${String(ofKind.length).padStart(3)} changes: ${figures(summary)}`);
  }
  for (const a of missing) {
    lines.push(
      `  FAILED: ${a.change.kind} ${a.change.label} (changed at ${new Date(a.change.at).toISOString()}) ` +
        `did not reach Slack within ${seconds(deadlineMs)}`,
    );
  }
  return lines;
}
