import type { ChangeCounts, CycleTally, RejectedEntry } from "../state/cycleTally";
import type { JobState } from "../state/JobState";
import { memberFlushPending, removalGateUnsettled } from "../state/JobState";
import type { EscrowEntry } from "../state/StatePorts";
import type { EngineContext } from "./EngineContext";
import { listHeld } from "./heldRemovals";
import type { HeldRemoval } from "../state/HeldRemoval";

export type { ChangeCounts } from "../state/cycleTally";

/** A user or group whose latest change in the cycle failed or is held, with the reason. */
export type RejectedUser = RejectedEntry;

/** Rejected objects the report lists (the first, by identity); `rejectedTotal` counts them all. */
export const REJECTED_SHOWN = 100;

const NO_TALLY: CycleTally = {
  counts: { byAction: {}, byStatus: {}, total: 0 },
  groupCounts: { byAction: {}, byStatus: {}, total: 0 },
  rejected: [],
  rejectedTotal: 0,
};

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
  /**
   * True when the delta round is committed, the backlog is empty, the member changes a full users round deferred are
   * flushed (and, being in the backlog, applied) and the deletion guard has no staged removal.
   */
  converged: boolean;
  /** Seconds from the cycle start to the last activity record (or now, while running). */
  durationSeconds?: number;
  /** User changes of the cycle. */
  counts: ChangeCounts;
  /** Group changes of the cycle (Slack group creates, membership updates, renames, deletes). */
  groupCounts: ChangeCounts;
  /** Users (and groups) whose last change in the cycle failed or is held, with the reason: the first REJECTED_SHOWN. */
  rejected: RejectedUser[];
  /** How many users and groups are rejected in all (more than `rejected` lists when above REJECTED_SHOWN). */
  rejectedTotal: number;
  lastError?: JobState["lastError"];
  paused: boolean;
  /** Escrowed objects (the first 20; `more` when there are others), with attempts, last error and next attempt. */
  escrowed: { entries: EscrowEntry[]; more: boolean };
  /**
   * The deletion guard: removals staged for the cycle's gate (all of them, from their counter), and the removals held
   * for an operator (the counts and why, and the first 20).
   */
  removals: {
    staged: number;
    held?: NonNullable<JobState["held"]> & { entries: HeldRemoval[]; more: boolean };
  };
  /** Set while the job is quarantined: the reason (Graph's vocabulary), what happened, and the next timer cycle. */
  quarantine?: JobState["quarantine"];
  /** Set while a restart (POST /api/job/restart) resets state: its flags, step, rows so far; no cycle starts meanwhile. */
  restart?: JobState["reset"];
  lastCommittedAt?: string;
}

/**
 * Builds the report of the current (or last) cycle from the job row and the counters kept as the work happens: the
 * backlog's (PendingWorkStore.count), the cycle's tally of activity records (ActivityStore.cycleTally) and the staged
 * removals' (RemovalStore.counts). A fixed number of point reads and small bounded queries, whatever the size of the
 * tenant or of the cycle: the dashboard polls it every few seconds.
 */
export async function cycleReport(
  ctx: Pick<EngineContext, "jobId" | "jobs" | "pending" | "activity" | "escrows" | "removals" | "clock">,
): Promise<CycleReport> {
  const state = await ctx.jobs.get(ctx.jobId);
  const cycleId = state.cycleId;
  const [backlog, tally, removals, escrowed, held] = await Promise.all([
    cycleId ? ctx.pending.count(cycleId) : 0,
    cycleId ? ctx.activity.cycleTally(ctx.jobId, cycleId, REJECTED_SHOWN) : NO_TALLY,
    ctx.removals.counts(ctx.jobId),
    ctx.escrows.list(ctx.jobId, 20),
    state.held ? listHeld(ctx, 20) : undefined,
  ]);
  const staged = removals.User.staged + removals.Group.staged;
  const converged =
    state.cyclePhase === "committed" &&
    backlog === 0 &&
    staged === 0 &&
    !(cycleId !== undefined && (removalGateUnsettled(state, cycleId) || memberFlushPending(state, cycleId)));
  const lastAt = [tally.lastAt ?? "", state.lastCommittedAt ?? ""].reduce((m, at) => (at > m ? at : m));
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
    counts: tally.counts,
    groupCounts: tally.groupCounts,
    rejected: tally.rejected,
    rejectedTotal: tally.rejectedTotal,
    ...(state.lastError ? { lastError: state.lastError } : {}),
    paused: state.paused,
    escrowed,
    removals: {
      staged,
      ...(state.held && held ? { held: { ...state.held, ...held } } : {}),
    },
    ...(state.quarantine ? { quarantine: state.quarantine } : {}),
    ...(state.reset ? { restart: state.reset } : {}),
    ...(state.lastCommittedAt ? { lastCommittedAt: state.lastCommittedAt } : {}),
  };
}
