import type { CycleReport } from "../../shared/engine/CycleStatus";

export interface CycleSummary {
  report: CycleReport;
  slack?: { users: { total: number; active: number }; groups: number | null };
}

const n = (r: Record<string, number>, k: string): number => r[k] ?? 0;

/** One line of progress for the current cycle. Pure. */
export function formatProgress(r: CycleReport): string {
  const kind = r.full ? `full read${r.fullReason ? `: ${r.fullReason}` : ""}` : "incremental";
  const a = r.counts.byAction;
  const s = r.counts.byStatus;
  const phase = r.converged
    ? "converged"
    : r.phase === "reading"
      ? "reading Entra ID"
      : r.phase === "committed"
        ? "applying"
        : r.phase;
  return (
    `Cycle ${(r.cycleId ?? "-").slice(0, 8)} (${kind}) ${phase}: pages ${r.pagesRead}, users read ${r.objectsRead}, ` +
    `backlog ${r.backlog} | created ${n(a, "Create")}, ` +
    `updated ${n(a, "Update")}, disabled ${n(a, "Disable")}, skipped ${n(a, "Skip")}, failed ${n(s, "Failure")} ` +
    `| ${(r.durationSeconds ?? 0).toFixed(1)} s`
  );
}

/** The human summary printed when a cycle has converged (or stopped). Pure. */
export function formatSummary({ report: r, slack }: CycleSummary): string[] {
  const lines: string[] = [];
  const a = r.counts.byAction;
  const s = r.counts.byStatus;
  if (r.converged) {
    lines.push(`Cycle ${r.cycleId ?? "-"} converged in ${(r.durationSeconds ?? 0).toFixed(1)} s.`);
  } else {
    lines.push(`Cycle ${r.cycleId ?? "-"} did not converge (phase ${r.phase}, backlog ${r.backlog}).`);
  }
  lines.push(
    `  Actions: ${
      Object.entries(a)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ") || "none"
    }`,
  );
  lines.push(
    `  Status:  ${
      Object.entries(s)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ") || "none"
    }`,
  );
  if (r.groupCounts.total > 0) {
    lines.push(
      `  Groups:  ${Object.entries(r.groupCounts.byAction)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}`,
    );
  }
  if (r.rejected.length > 0) {
    lines.push(`  Rejected (${r.rejectedTotal}):`);
    for (const u of r.rejected) lines.push(`    - ${u.identity ?? u.objectId}: ${u.errorCode} — ${u.reason}`);
    const more = r.rejectedTotal - r.rejected.length;
    if (more > 0) lines.push(`    … and ${more} more (their records are in GET /api/activity)`);
  }
  if (slack) {
    lines.push(
      `  Slack now has ${slack.users.total} users (${slack.users.active} active)` +
        (slack.groups === null ? "." : ` and ${slack.groups} groups.`),
    );
  }
  if (r.lastError) lines.push(`  Last error: ${r.lastError.code}: ${r.lastError.message}`);
  return lines;
}
