import type { CycleSummary } from "../state/cycles/CycleSummary";
import type { CycleReport } from "./CycleStatus";

/**
 * The history's summary of a cycle from its report: undefined for a report without a cycle or a start. The finish is
 * the start plus the report's duration (its last applied change once converged; now while it runs).
 */
export function cycleSummary(report: CycleReport, trigger: string | undefined): CycleSummary | undefined {
  if (!report.cycleId || !report.startedAt) return undefined;
  const durationSeconds = report.durationSeconds ?? 0;
  return {
    jobId: report.jobId,
    cycleId: report.cycleId,
    ...(trigger ? { trigger } : {}),
    full: report.full,
    ...(report.fullReason ? { fullReason: report.fullReason } : {}),
    startedAt: report.startedAt,
    finishedAt: new Date(Date.parse(report.startedAt) + durationSeconds * 1000).toISOString(),
    durationSeconds,
    objectsRead: report.objectsRead,
    counts: report.counts,
    groupCounts: report.groupCounts,
    rejectedTotal: report.rejectedTotal,
  };
}
