import type { ActivityRecord } from "../state/ActivityRecord";
import type { JobState } from "../state/JobState";
import { removalGateUnsettled } from "../state/JobState";
import type { EscrowEntry } from "../state/StatePorts";
import type { EngineContext } from "./EngineContext";
import { listHeld } from "./heldRemovals";
import type { HeldRemoval } from "../state/HeldRemoval";

export interface RejectedUser {
  objectType: "User" | "Group";
  objectId: string;
  identity?: string;
  errorCode: string;
  reason: string;
}

export interface ChangeCounts {
  byAction: Record<string, number>;
  byStatus: Record<string, number>;
  total: number;
}

function countChanges(records: readonly ActivityRecord[]): ChangeCounts {
  const byAction: Record<string, number> = {};
  const byStatus: Record<string, number> = {};
  for (const r of records) {
    byAction[r.action] = (byAction[r.action] ?? 0) + 1;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  }
  return { byAction, byStatus, total: records.length };
}

/** The state of the latest cycle, for the status endpoint, the CLI's progress line and the --once summary. */
export interface CycleReport {
  jobId: string;
  cycleId?: string;
  phase: JobState["cyclePhase"];
  full: boolean;
  fullReason?: string;
  startedAt?: string;
  pagesRead: number;
  objectsRead: number;
  /** Objects queued in this cycle and not yet applied or recorded. */
  backlog: number;
  /** True when the delta round is committed, the backlog is empty and the deletion guard has no staged removal. */
  converged: boolean;
  /** Seconds from the cycle start to the last activity record (or now, while running). */
  durationSeconds?: number;
  /** User changes of the cycle. */
  counts: ChangeCounts;
  /** Group changes of the cycle (Slack group creates, membership updates, renames, deletes). */
  groupCounts: ChangeCounts;
  /** Users (and groups) whose last change in the cycle failed or is held, with the reason. */
  rejected: RejectedUser[];
  lastError?: JobState["lastError"];
  paused: boolean;
  /** Escrowed objects (the first 20; `more` when there are others), with attempts, last error and next attempt. */
  escrowed: { entries: EscrowEntry[]; more: boolean };
  /**
   * The deletion guard: removals staged for the cycle's gate (counted up to 1000), and the removals held for an
   * operator (the counts and why, and the first 20).
   */
  removals: {
    staged: number;
    held?: NonNullable<JobState["held"]> & { entries: HeldRemoval[]; more: boolean };
  };
  /** Set while the job is quarantined: the reason (Graph's vocabulary), what happened, and the next timer cycle. */
  quarantine?: JobState["quarantine"];
  lastCommittedAt?: string;
}

/** Builds the report of the current (or last) cycle from the job row, the backlog and the activity log. */
export async function cycleReport(
  ctx: Pick<EngineContext, "jobId" | "jobs" | "pending" | "activity" | "escrows" | "removals" | "clock">,
): Promise<CycleReport> {
  const state = await ctx.jobs.get(ctx.jobId);
  const cycleId = state.cycleId;
  const backlog = cycleId ? await ctx.pending.count(cycleId) : 0;
  const from = state.cycleStartedAt ? new Date(Date.parse(state.cycleStartedAt) - 60_000) : undefined;
  const records: ActivityRecord[] =
    cycleId && from
      ? await ctx.activity.byTime(ctx.jobId, {
          from,
          to: new Date(ctx.clock().getTime() + 60_000),
          cycleId,
          limit: 100_000,
        })
      : [];
  const latestPerObject = new Map<string, ActivityRecord>();
  for (const r of records) {
    if (r.objectType === "Job") continue;
    const seen = latestPerObject.get(r.objectId);
    if (!seen || seen.at < r.at) latestPerObject.set(r.objectId, r);
  }
  const rejected: RejectedUser[] = [...latestPerObject.values()]
    .filter((r) => r.status === "Failure" || (r.status === "Skipped" && r.errorCode !== undefined))
    .map((r) => ({
      objectType: r.objectType === "Group" ? ("Group" as const) : ("User" as const),
      objectId: r.objectId,
      ...(r.identity ? { identity: r.identity } : {}),
      errorCode: r.errorCode ?? "Unknown",
      reason: r.errorMessage ?? r.reason,
    }))
    .sort((a, b) => (a.identity ?? a.objectId).localeCompare(b.identity ?? b.objectId));
  const staged = await stagedRemovals(ctx);
  const converged =
    state.cyclePhase === "committed" &&
    backlog === 0 &&
    staged === 0 &&
    !(cycleId !== undefined && removalGateUnsettled(state, cycleId));
  const lastAt = records.reduce((m, r) => (r.at > m ? r.at : m), state.lastCommittedAt ?? "");
  const end = converged && lastAt ? Date.parse(lastAt) : ctx.clock().getTime();
  return {
    jobId: ctx.jobId,
    ...(cycleId ? { cycleId } : {}),
    phase: state.cyclePhase,
    full: state.users.full,
    ...(state.fullReason ? { fullReason: state.fullReason } : {}),
    ...(state.cycleStartedAt ? { startedAt: state.cycleStartedAt } : {}),
    pagesRead: state.users.pagesRead,
    objectsRead: state.users.objectsRead,
    backlog,
    converged,
    ...(state.cycleStartedAt ? { durationSeconds: Math.max(0, (end - Date.parse(state.cycleStartedAt)) / 1000) } : {}),
    counts: countChanges(records.filter((r) => r.objectType === "User")),
    groupCounts: countChanges(records.filter((r) => r.objectType === "Group")),
    rejected,
    ...(state.lastError ? { lastError: state.lastError } : {}),
    paused: state.paused,
    escrowed: await ctx.escrows.list(ctx.jobId, 20),
    removals: {
      staged,
      ...(state.held ? { held: { ...state.held, ...(await listHeld(ctx, 20)) } } : {}),
    },
    ...(state.quarantine ? { quarantine: state.quarantine } : {}),
    ...(state.lastCommittedAt ? { lastCommittedAt: state.lastCommittedAt } : {}),
  };
}

/** Removals waiting for the cycle's gate (counted up to 1000). */
async function stagedRemovals(ctx: Pick<EngineContext, "jobId" | "removals">): Promise<number> {
  let staged = 0;
  for (const objectType of ["User", "Group"] as const) {
    staged += (await ctx.removals.list(ctx.jobId, { state: "staged", objectType }, 1000)).entries.length;
  }
  return staged;
}
