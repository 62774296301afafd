import type { DriftMode } from "../config/Settings";
import type { EngineContext } from "../engine/EngineContext";
import type { DriftScanRun, DriftScanSummary } from "./DriftScanState";
import { driftCycleId, driftScanActive } from "./DriftScanState";

/** The drift scans as /api/status and the dashboard show them. */
export interface DriftStatus {
  mode: DriftMode;
  /** Hours between scheduled scans (0: on demand only). */
  intervalHours: number;
  /** The scan running now: its progress so far, and whether it stalled (it is started again at the next due check). */
  running?: DriftScanRun & { stalled: boolean };
  /**
   * The last finished scan: when, how many Slack users it read, how many managed users drifted, the repairs it queued,
   * and how its repair runs went so far (`repaired`: the provisioner set the user back; `repairFailed`: it could not).
   */
  last?: DriftScanSummary & { repaired: number; repairFailed: number };
}

/**
 * The drift scans' status: the scan row (one read) and the tally of the last scan's records (two small queries: its
 * repair runs carry the scan's own cycle id), whatever the size of the tenant.
 */
export async function driftStatus(
  ctx: Pick<EngineContext, "jobId" | "driftScans" | "activity" | "drift" | "clock">,
): Promise<DriftStatus> {
  const state = await ctx.driftScans.get(ctx.jobId);
  const tally = state.last ? await ctx.activity.cycleTally(ctx.jobId, driftCycleId(state.last.scanId), 0) : undefined;
  return {
    mode: ctx.drift.mode,
    intervalHours: ctx.drift.intervalHours,
    ...(state.running ? { running: { ...state.running, stalled: !driftScanActive(state, ctx.clock()) } } : {}),
    ...(state.last && tally
      ? {
          last: {
            ...state.last,
            repaired: tally.counts.byStatus.Success ?? 0,
            repairFailed: tally.counts.byStatus.Failure ?? 0,
          },
        }
      : {}),
  };
}
