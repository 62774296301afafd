import type { ResetFlag } from "./ResetFlag";

/**
 * The job's state row and every change it can go through. The row is changed only by the named, pure transitions below
 * (cycle started, page read, round committed, round restarted, cycle failed, paused, resumed, ...), each applied by
 * the JobStateStore with an ETag compare-and-set; a transition that does not apply to the current state declines with
 * a reason and leaves the row alone. Adding a field or a phase is a change in this file (and its table of tests).
 */

/** Where a cycle is: reading delta pages, committed (users delta link stored), or failed before it could finish. */
export type CyclePhase = "idle" | "reading" | "committed" | "failed";

/** The two delta rounds of a cycle: the groups round is read first, then the users round. */
export type DeltaResource = "users" | "groups";

/**
 * The page cursor of one delta round (users or groups) and the delta link it last committed. A page message applies
 * only when its round and page index match the cursor, so a re-delivered page is harmless and the chain stays single.
 */
export interface DeltaCursor {
  /** The stored deltaLink, exactly as Graph returned it. Absent before the first complete round. */
  deltaLink?: string;
  /** Number of the last round started (monotonic; orders observations across rounds). */
  round: number;
  /** True when the current round is a full read (initial cycle, expired token, restart). */
  full: boolean;
  /** reading: pages of the round are being read; done: its delta link is stored. */
  phase: "idle" | "reading" | "done";
  /** Index of the next page the chain must process, its URL, and whether its message is queued. */
  nextPageIndex: number;
  nextPageUrl?: string;
  nextPageEnqueued: boolean;
  pagesRead: number;
  objectsRead: number;
}

/** The cycle lease: who runs the current cycle's reads and until when (ISO time). */
export interface CycleLease {
  owner: string;
  expiresAt: string;
}

/** An app role as last read (for [appRoleAssignments] in mappings). */
export interface StoredAppRole {
  value: string | null;
  displayName: string | null;
}

/**
 * Why the job is quarantined, in Microsoft Graph's synchronizationQuarantine vocabulary. The job quarantines itself
 * when Graph or Slack refuse its credentials or permissions (`EncounteredQuarantineException`, enterQuarantine.ts), and
 * when a converged cycle escrowed most of the objects it attempted (`EncounteredEscrowProportionThreshold`, see
 * escrowProportion.ts for the rule).
 */
export type QuarantineReason = "EncounteredQuarantineException" | "EncounteredEscrowProportionThreshold";

/** A quarantined job runs its timer cycles at a growing interval until a cycle converges again. */
export interface Quarantine {
  reason: QuarantineReason;
  /** What happened and what to do (the error's admin-facing message). */
  detail: string;
  /** The error code behind it (e.g. SlackCredentialError; for an escrow proportion, the reason itself). */
  code: string;
  since: string;
  /** Strikes so far: one per cycle that hit the problem; the interval grows with them. */
  strikes: number;
  /** The cycle of the last strike. */
  cycleId: string;
  /** No timer cycle starts before this (an operator's manual start still does). */
  nextAttemptAt: string;
}

/** What a cycle's removal gate decided for its staged deactivations and for its staged Slack group deletions. */
export type RemovalVerdict = "release" | "hold";

/**
 * The removal gate of one cycle: whether its convergence probe is queued, and, once decided, its verdicts (fixed for
 * the cycle, so a gate run again after a crash finishes the same decision).
 */
export interface RemovalGateState {
  cycleId: string;
  probeQueued?: boolean;
  users?: RemovalVerdict;
  groups?: RemovalVerdict;
  /** Set when the gate has finished: the released runs are queued and the held set is counted in `held`. */
  settled?: boolean;
}

/**
 * Group member changes a full users round recorded without reconciling their groups (the rows are in the
 * MemberChangeStore): once the round is committed and its users' work applied, they are flushed, one member-change run
 * per group (its members in batches of 5,000), before the cycle's removal gate runs and before it counts as converged.
 */
export interface DeferredMembers {
  cycleId: string;
  /** Set once the flush has queued the groups' runs (in the cycle's backlog, so the cycle waits for them). */
  flushed?: boolean;
}

/** The removals held for an operator (their rows are in the RemovalStore); absent when none is held. */
export interface HeldSummary {
  users: number;
  groups: number;
  /** When the oldest of them was held. */
  since: string;
  /** The cycle that last held removals, and why. */
  cycleId: string;
  reason: string;
}

/** The job's state row. */
export interface JobState {
  jobId: string;
  cycleId?: string;
  cycleStartedAt?: string;
  /** What started the current cycle (for the cycle history). */
  cycleTrigger?: "timer" | "manual" | "notification";
  cyclePhase: CyclePhase;
  /** Why the current cycle's users round is full (for the activity log and status). */
  fullReason?: string;
  users: DeltaCursor;
  groups: DeltaCursor;
  lease?: CycleLease;
  paused: boolean;
  quarantine?: Quarantine;
  lastError?: { code: string; message: string; at: string };
  lastCommittedAt?: string;
  lastCommittedCycleId?: string;
  cyclesCompleted: number;
  /** Hash of the provisioning configuration (mappings, scoping) the last committed full round applied. */
  configHash?: string;
  /** Hash of the configuration the current cycle runs with; becomes configHash when its full round commits. */
  cycleConfigHash?: string;
  /** The Slack application's app roles as last read (role id → value and name), for [appRoleAssignments]. */
  appRoles?: Record<string, StoredAppRole>;
  /** The last cycle whose convergence was reported to telemetry. */
  reportedCycleId?: string;
  /** When activity older than the retention period was last purged. */
  lastPurgeAt?: string;
  /** When every assigned group was last reconciled with Slack (a full cycle, or the daily repair of incremental ones). */
  lastGroupRepairAt?: string;
  /** The removal gate of the latest cycle that staged removals. */
  removalGate?: RemovalGateState;
  /** Removals held for an operator's decision. */
  held?: HeldSummary;
  /** The cycle whose full users round deferred its group member changes, and whether they are flushed. */
  deferredMembers?: DeferredMembers;
  /** A restart clearing state (POST /api/job/restart): no cycle starts until it is finished. */
  reset?: JobReset;
  /** A restart asked for a full read (resetScope Watermark): the next cycle reads everything, and says why. */
  fullRequested?: string;
}

/** A restart under way: what it resets, and how far its bulk steps (JobRestarter) have gone, so a crash resumes it. */
export interface JobReset {
  id: string;
  flags: ResetFlag[];
  requestedAt: string;
  /** Who asked (for the activity record). */
  by: string;
  /** The index of the step under way, in resetSteps(flags). */
  step: number;
  /** The last row key the step's scan finished (steps that scan rather than delete). */
  after?: string;
  /** Rows deleted or cleared so far. */
  rows: number;
  /** When a runner last made progress: a runner silent for longer than RESET_STALE_MS is taken over. */
  heartbeatAt: string;
}

/** How long a cycle's lease lasts without progress; every delta page renews it. */
export const CYCLE_LEASE_MS = 10 * 60_000;

/** A quarantined job's wait before its next timer cycle: 10 minutes, doubling per strike, at most a day (as Entra's). */
export function quarantineInterval(strikes: number): number {
  return Math.min(24 * 60 * 60_000, 10 * 60_000 * 2 ** Math.min(Math.max(strikes, 1) - 1, 10));
}

function emptyCursor(): DeltaCursor {
  return {
    round: 0,
    full: true,
    phase: "idle",
    nextPageIndex: 0,
    nextPageEnqueued: false,
    pagesRead: 0,
    objectsRead: 0,
  };
}

export function initialJobState(jobId: string): JobState {
  return { jobId, cyclePhase: "idle", users: emptyCursor(), groups: emptyCursor(), paused: false, cyclesCompleted: 0 };
}

/** Whether the cycle lease is held by someone at `now`. */
export function leaseHeld(state: JobState, now: Date): boolean {
  return state.lease !== undefined && Date.parse(state.lease.expiresAt) > now.getTime();
}

/**
 * Reads a stored row, including rows written before the cursors were grouped (flat users-round fields and a
 * `groupCursor`), so an upgraded app carries on from the delta links it had.
 */
export function parseJobState(jobId: string, json: string): JobState {
  const raw = JSON.parse(json) as Record<string, unknown>;
  if (typeof raw.users === "object" && raw.users !== null)
    return { ...initialJobState(jobId), ...(raw as Partial<JobState>) };
  const legacy = raw as Partial<LegacyJobState>;
  const state: JobState = { ...initialJobState(jobId) };
  for (const key of CARRIED_OVER) {
    if (raw[key] !== undefined) Object.assign(state, { [key]: raw[key] });
  }
  state.users = {
    ...(legacy.deltaLink ? { deltaLink: legacy.deltaLink } : {}),
    round: legacy.round ?? 0,
    full: legacy.cycleFull ?? true,
    phase: legacy.cyclePhase === "committed" ? "done" : legacy.cyclePhase === "reading" ? "reading" : "idle",
    nextPageIndex: legacy.nextPageIndex ?? 0,
    ...(legacy.nextPageUrl ? { nextPageUrl: legacy.nextPageUrl } : {}),
    nextPageEnqueued: legacy.nextPageEnqueued ?? false,
    pagesRead: legacy.pagesRead ?? 0,
    objectsRead: legacy.objectsRead ?? 0,
  };
  const g = legacy.groupCursor;
  state.groups = {
    ...(legacy.groupsDeltaLink ? { deltaLink: legacy.groupsDeltaLink } : {}),
    round: g?.round ?? 0,
    full: g?.full ?? true,
    phase: g?.phase ?? "idle",
    nextPageIndex: g?.nextPageIndex ?? 0,
    ...(g?.nextPageUrl ? { nextPageUrl: g.nextPageUrl } : {}),
    nextPageEnqueued: g?.nextPageEnqueued ?? false,
    pagesRead: g?.pagesRead ?? 0,
    objectsRead: g?.groupsRead ?? 0,
  };
  if (legacy.leaseOwner && legacy.leaseExpiresAt)
    state.lease = { owner: legacy.leaseOwner, expiresAt: legacy.leaseExpiresAt };
  return state;
}

interface LegacyJobState {
  deltaLink: string;
  round: number;
  cycleFull: boolean;
  cyclePhase: CyclePhase;
  nextPageIndex: number;
  nextPageUrl: string;
  nextPageEnqueued: boolean;
  pagesRead: number;
  objectsRead: number;
  leaseOwner: string;
  leaseExpiresAt: string;
  groupsDeltaLink: string;
  groupCursor: {
    round: number;
    phase: "reading" | "done";
    full: boolean;
    nextPageIndex: number;
    nextPageUrl?: string;
    nextPageEnqueued: boolean;
    pagesRead: number;
    groupsRead: number;
  };
}

const CARRIED_OVER = [
  "cycleId",
  "cycleStartedAt",
  "cyclePhase",
  "fullReason",
  "paused",
  "lastError",
  "lastCommittedAt",
  "lastCommittedCycleId",
  "cyclesCompleted",
  "configHash",
  "cycleConfigHash",
  "appRoles",
  "reportedCycleId",
  "lastPurgeAt",
  "lastGroupRepairAt",
] as const;

// ---- transitions ----------------------------------------------------------------------------------------------------

/** A transition that does not apply to the current state: the row is left as it is. */
export interface Declined {
  declined: string;
}

/** A named, pure change of the job row: the next state, or a refusal with its reason. */
export type JobTransition = (state: Readonly<JobState>) => JobState | Declined;

export function isDeclined(value: JobState | Declined): value is Declined {
  return "declined" in value;
}

/** Identifies the page a transition is about: the cycle, the round and the page index in it. */
export interface PageRef {
  cycleId: string;
  round: number;
  pageIndex: number;
}

function copy(state: Readonly<JobState>): JobState {
  return structuredClone(state);
}

/** Progress renews the cycle's lease (when it has one). */
function renewLease(next: JobState, now: Date): void {
  if (next.lease) next.lease.expiresAt = new Date(now.getTime() + CYCLE_LEASE_MS).toISOString();
}

/** Why a page message no longer matches the cursor of its round (undefined: it is the page the cursor waits for). */
function pageMismatch(state: Readonly<JobState>, which: DeltaResource, page: PageRef): string | undefined {
  const c = state[which];
  if (state.cycleId !== page.cycleId) return `the ${which} page belongs to cycle ${page.cycleId}, not the current one`;
  if (c.phase !== "reading" || c.round !== page.round)
    return `the ${which} round ${page.round} is no longer being read`;
  if (c.nextPageIndex !== page.pageIndex) {
    return `the ${which} cursor is at page ${c.nextPageIndex}, not ${page.pageIndex}`;
  }
  return undefined;
}

/** A transition about one page of a round: applies only to the page its cursor waits for, else declines. */
function onPage(which: DeltaResource, page: PageRef, change: (next: JobState) => void): JobTransition {
  return (s) => {
    const why = pageMismatch(s, which, page);
    if (why) return { declined: why };
    const next = copy(s);
    change(next);
    return next;
  };
}

export interface CycleStartedInput {
  cycleId: string;
  now: Date;
  /** A timer cycle waits out a quarantine's interval; an operator's manual start does not. */
  trigger: "timer" | "manual" | "notification";
  /** An operator asked for a full re-read (restart): both delta links are discarded. */
  restart: boolean;
  /** Hash of the provisioning configuration this cycle runs with. */
  configHash: string;
}

/**
 * A new cycle takes the lease and starts its groups round (then its users round). Declines while paused or while
 * another cycle still holds the lease. The users round is full on restart, on the first cycle, and when the mapping or
 * scoping configuration changed since the last full round (Entra's resync).
 */
export function cycleStarted(input: CycleStartedInput): JobTransition {
  return (s) => {
    if (s.paused) return { declined: "the job is paused" };
    if (s.reset) {
      return {
        declined: `a restart (resetScope ${s.reset.flags.join(", ")}) is resetting the job's state since ${s.reset.requestedAt}`,
      };
    }
    const q = s.quarantine;
    if (q && input.trigger !== "manual" && Date.parse(q.nextAttemptAt) > input.now.getTime()) {
      return {
        declined: `the job is quarantined (${q.reason}: ${q.detail}); the next cycle starts at ${q.nextAttemptAt}`,
      };
    }
    if (leaseHeld(s, input.now)) return { declined: `cycle ${s.cycleId ?? "?"} is still reading Graph` };
    const configChanged = s.users.deltaLink !== undefined && s.configHash !== input.configHash;
    const restart = input.restart || s.fullRequested !== undefined;
    const fullReason = input.restart
      ? (s.fullRequested ?? "restart requested")
      : s.fullRequested !== undefined
        ? s.fullRequested
        : !s.users.deltaLink
          ? "initial cycle"
          : configChanged
            ? "the attribute mapping or scoping configuration changed: every managed user is re-evaluated"
            : undefined;
    const next = copy(s);
    next.lease = { owner: input.cycleId, expiresAt: new Date(input.now.getTime() + CYCLE_LEASE_MS).toISOString() };
    next.cycleId = input.cycleId;
    next.cycleStartedAt = input.now.toISOString();
    next.cycleTrigger = input.trigger;
    next.cyclePhase = "reading";
    next.cycleConfigHash = input.configHash;
    next.users = roundStarted(s.users, fullReason !== undefined);
    next.groups = roundStarted(s.groups, restart || !s.groups.deltaLink);
    delete next.fullRequested;
    if (fullReason) next.fullReason = fullReason;
    else delete next.fullReason;
    return next;
  };
}

/** A new round of one cursor: page 0 of a full read, or of the stored delta link. */
function roundStarted(c: Readonly<DeltaCursor>, full: boolean): DeltaCursor {
  const link = full ? undefined : c.deltaLink;
  return {
    ...(c.deltaLink ? { deltaLink: c.deltaLink } : {}),
    round: c.round + 1,
    full,
    phase: "reading",
    nextPageIndex: 0,
    ...(link ? { nextPageUrl: link } : {}),
    nextPageEnqueued: false,
    pagesRead: 0,
    objectsRead: 0,
  };
}

/** The message of the page the cursor waits for was sent: a crash now cannot leave the chain without its next page. */
export function pageEnqueued(which: DeltaResource, page: PageRef): JobTransition {
  return onPage(which, page, (next) => {
    next[which].nextPageEnqueued = true;
  });
}

export interface PageReadInput extends PageRef {
  nextLink: string;
  objects: number;
  now: Date;
}

/** A page was imported and has a next page: the cursor moves on and the lease is renewed. */
export function pageRead(which: DeltaResource, input: PageReadInput): JobTransition {
  return onPage(which, input, (next) => {
    const c = next[which];
    c.nextPageIndex = input.pageIndex + 1;
    c.nextPageUrl = input.nextLink;
    c.nextPageEnqueued = false;
    c.pagesRead += 1;
    c.objectsRead += input.objects;
    renewLease(next, input.now);
  });
}

export interface RoundCommittedInput extends PageRef {
  deltaLink: string;
  objects: number;
  now: Date;
}

function commitCursor(c: DeltaCursor, input: RoundCommittedInput): void {
  c.deltaLink = input.deltaLink;
  c.phase = "done";
  c.nextPageIndex = input.pageIndex + 1;
  c.nextPageEnqueued = false;
  c.pagesRead += 1;
  c.objectsRead += input.objects;
  delete c.nextPageUrl;
}

/** The groups round read its last page: its delta link is stored (the users round starts next). */
export function groupsRoundCommitted(input: RoundCommittedInput): JobTransition {
  return onPage("groups", input, (next) => commitCursor(next.groups, input));
}

/**
 * The users round read its last page after every change of the cycle was queued: the delta link is stored, the cycle
 * is committed (its queued work may still be applying), the lease is released and the last error cleared. A full
 * round makes the cycle's configuration the applied one.
 */
export function usersRoundCommitted(input: RoundCommittedInput): JobTransition {
  return onPage("users", input, (next) => {
    commitCursor(next.users, input);
    next.cyclePhase = "committed";
    next.lastCommittedAt = input.now.toISOString();
    next.lastCommittedCycleId = input.cycleId;
    next.cyclesCompleted += 1;
    if (next.users.full && next.cycleConfigHash) next.configHash = next.cycleConfigHash;
    delete next.lease;
    delete next.lastError;
  });
}

export interface RoundRestartedInput extends PageRef {
  now: Date;
}

/**
 * Graph no longer accepts the round's delta token: the round starts again as a full read in the same cycle (a new
 * round number; the stored delta link is dropped). Nothing is deactivated for not appearing.
 */
export function roundRestarted(which: DeltaResource, input: RoundRestartedInput): JobTransition {
  return onPage(which, input, (next) => {
    const c = next[which];
    c.round += 1;
    c.full = true;
    c.nextPageIndex = 0;
    c.nextPageEnqueued = false;
    delete c.deltaLink;
    delete c.nextPageUrl;
    if (which === "users") next.fullReason = "the stored delta token expired";
    renewLease(next, input.now);
  });
}

export interface CycleFailedInput {
  cycleId: string;
  code: string;
  message: string;
  now: Date;
}

/** The cycle stops (it could not start, or a page was poisoned): failed, with the error, and the lease released. */
export function cycleFailed(input: CycleFailedInput): JobTransition {
  return (s) => {
    if (s.cycleId !== input.cycleId) return { declined: `cycle ${input.cycleId} is not the current cycle` };
    const next = copy(s);
    next.cyclePhase = "failed";
    next.lastError = { code: input.code, message: input.message, at: input.now.toISOString() };
    delete next.lease;
    return next;
  };
}

/** A job-level problem the operator must see (a bad mapping file, refused credentials); the cycle is unchanged. */
export function errorRecorded(code: string, message: string, now: Date): JobTransition {
  return (s) => ({ ...copy(s), lastError: { code, message, at: now.toISOString() } });
}

export interface QuarantinedInput {
  reason: QuarantineReason;
  code: string;
  detail: string;
  /** The cycle that hit the problem: one strike per cycle, however many of its messages fail. */
  cycleId: string;
  now: Date;
}

/**
 * The job enters (or stays in) quarantine: a new strike, and the next timer cycle after a growing interval. Declines
 * when this cycle already struck, so a burst of failing messages is one strike and one record.
 */
export function quarantined(input: QuarantinedInput): JobTransition {
  return (s) => {
    const q = s.quarantine;
    if (q?.cycleId === input.cycleId) return { declined: `cycle ${input.cycleId} already put the job in quarantine` };
    const strikes = (q?.strikes ?? 0) + 1;
    const next = copy(s);
    next.quarantine = {
      reason: input.reason,
      code: input.code,
      detail: input.detail,
      since: q?.since ?? input.now.toISOString(),
      strikes,
      cycleId: input.cycleId,
      nextAttemptAt: new Date(input.now.getTime() + quarantineInterval(strikes)).toISOString(),
    };
    next.lastError = { code: input.code, message: input.detail, at: input.now.toISOString() };
    return next;
  };
}

/**
 * A cycle converged without a strike of its own: the job leaves quarantine by itself. (A cycle that struck may have
 * converged only because its refused work was escrowed, which is no evidence that the problem is gone.)
 */
export function quarantineLifted(convergedCycleId: string): JobTransition {
  return (s) => {
    if (!s.quarantine) return { declined: "the job is not quarantined" };
    if (s.cycleId !== convergedCycleId) return { declined: `cycle ${convergedCycleId} is not the current cycle` };
    if (s.quarantine.cycleId === convergedCycleId) {
      return { declined: `cycle ${convergedCycleId} itself hit the quarantine's problem` };
    }
    const next = copy(s);
    delete next.quarantine;
    delete next.lastError;
    return next;
  };
}

/** A restart's runner that made no progress for this long is taken over (by the timer or another request). */
export const RESET_STALE_MS = 2 * 60_000;

export interface ResetRequestedInput {
  id: string;
  flags: ResetFlag[];
  now: Date;
  by: string;
}

/**
 * A restart begins: no cycle starts until it is finished. Declines while another restart is under way, and, when it
 * forgets the connector data, while a cycle is reading Graph (its pages would queue work against links being deleted).
 */
export function resetRequested(input: ResetRequestedInput): JobTransition {
  return (s) => {
    if (s.reset) {
      return {
        declined:
          `restart ${s.reset.id} (resetScope ${s.reset.flags.join(", ")}) is still under way since ` +
          `${s.reset.requestedAt}: wait for it to finish (it resumes by itself within minutes if interrupted)`,
      };
    }
    if (input.flags.includes("ConnectorDataStore") && s.cyclePhase === "reading" && leaseHeld(s, input.now)) {
      return {
        declined:
          `cycle ${s.cycleId ?? "?"} is reading Graph: forgetting the links now would race its work. Wait until it has ` +
          "converged (GET /api/status), or pause the job (POST /api/job/pause) and wait, then restart",
      };
    }
    const at = input.now.toISOString();
    return {
      ...copy(s),
      reset: {
        id: input.id,
        flags: [...input.flags],
        requestedAt: at,
        by: input.by,
        step: 0,
        rows: 0,
        heartbeatAt: at,
      },
    };
  };
}

export interface ResetProgressedInput {
  id: string;
  step: number;
  after?: string;
  rows: number;
  now: Date;
}

/** A restart's runner finished a page of its bulk work: where it is now (a crash resumes from here). */
export function resetProgressed(input: ResetProgressedInput): JobTransition {
  return (s) => {
    if (s.reset?.id !== input.id) return { declined: `restart ${input.id} is not under way` };
    const next = copy(s);
    const reset = next.reset as JobReset;
    reset.step = input.step;
    if (input.after !== undefined) reset.after = input.after;
    else delete reset.after;
    reset.rows = input.rows;
    reset.heartbeatAt = input.now.toISOString();
    return next;
  };
}

/** A restart given up before it changed anything (it found work in flight): cycles start again. */
export function resetAbandoned(id: string): JobTransition {
  return (s) => {
    if (s.reset?.id !== id) return { declined: `restart ${id} is not under way` };
    const next = copy(s);
    delete next.reset;
    return next;
  };
}

/**
 * A restart's bulk steps are done: Watermark makes the next cycle read everything (whoever starts it), QuarantineState
 * lifts the quarantine, and cycles may start again.
 */
export function resetFinished(id: string): JobTransition {
  return (s) => {
    if (s.reset?.id !== id) return { declined: `restart ${id} is not under way` };
    const next = copy(s);
    const { flags } = s.reset;
    delete next.reset;
    if (flags.includes("Watermark")) next.fullRequested = `restart requested (resetScope ${flags.join(", ")})`;
    if (flags.includes("QuarantineState")) delete next.quarantine;
    return next;
  };
}

/** No new cycle starts until resumed (work already queued still finishes). */
export function jobPaused(): JobTransition {
  return (s) => (s.paused ? { declined: "the job is already paused" } : { ...copy(s), paused: true });
}

/** Cycles start again on the timer. */
export function jobResumed(): JobTransition {
  return (s) => (s.paused ? { ...copy(s), paused: false } : { declined: "the job is not paused" });
}

/** The application's app roles as just read; declines when they did not change (no write). */
export function appRolesRead(appRoles: Record<string, StoredAppRole>): JobTransition {
  return (s) =>
    JSON.stringify(s.appRoles ?? {}) === JSON.stringify(appRoles)
      ? { declined: "the app roles did not change" }
      : { ...copy(s), appRoles: structuredClone(appRoles) };
}

/** Claims the one report of a converged cycle's duration (so two starters never report it twice). */
export function convergenceReported(cycleId: string): JobTransition {
  return (s) => {
    if (s.cycleId !== cycleId) return { declined: `cycle ${cycleId} is not the current cycle` };
    if (s.reportedCycleId === cycleId) return { declined: `cycle ${cycleId} was already reported` };
    return { ...copy(s), reportedCycleId: cycleId };
  };
}

/** Claims the day's purge of old activity records; declines when one ran less than `intervalMs` ago. */
export function activityPurgeClaimed(now: Date, intervalMs: number): JobTransition {
  return (s) =>
    s.lastPurgeAt && now.getTime() - Date.parse(s.lastPurgeAt) < intervalMs
      ? { declined: `activity was purged at ${s.lastPurgeAt}` }
      : { ...copy(s), lastPurgeAt: now.toISOString() };
}

/**
 * Claims the reconcile of every assigned group (which repairs a missed update or a hand edit in Slack at the cost of
 * reading every member); declines when one was claimed less than `intervalMs` ago, unless `force` (a full cycle).
 */
export function groupRepairClaimed(now: Date, intervalMs: number, force: boolean): JobTransition {
  return (s) =>
    !force && s.lastGroupRepairAt && now.getTime() - Date.parse(s.lastGroupRepairAt) < intervalMs
      ? { declined: `every assigned group was reconciled at ${s.lastGroupRepairAt}` }
      : { ...copy(s), lastGroupRepairAt: now.toISOString() };
}

/** Claims the sending of a cycle's removal-gate probe (one per cycle, however many workers stage removals). */
export function removalProbeQueued(cycleId: string): JobTransition {
  return (s) => {
    if (s.removalGate?.cycleId === cycleId && s.removalGate.probeQueued) {
      return { declined: `the removal gate probe of cycle ${cycleId} is already queued` };
    }
    return {
      ...copy(s),
      removalGate: { ...(s.removalGate?.cycleId === cycleId ? s.removalGate : {}), cycleId, probeQueued: true },
    };
  };
}

/** Fixes the verdicts of a cycle's removal gate; declines when the cycle already has them (the first decision holds). */
export function removalsDecided(
  cycleId: string,
  verdicts: { users: RemovalVerdict; groups: RemovalVerdict },
): JobTransition {
  return (s) => {
    const gate = s.removalGate;
    if (gate?.cycleId === cycleId && gate.users !== undefined && gate.groups !== undefined) {
      return { declined: `the removal gate of cycle ${cycleId} has decided` };
    }
    return { ...copy(s), removalGate: { ...(gate?.cycleId === cycleId ? gate : {}), cycleId, ...verdicts } };
  };
}

/**
 * The held set as now stored (counted from its rows): set, updated, or cleared when nothing is held any more. `since`
 * stays the time the oldest held removal was held; `cycleId` and `reason` name the last decision that held some.
 */
export function heldCounted(input: {
  users: number;
  groups: number;
  now: Date;
  decision?: { cycleId: string; reason: string };
}): JobTransition {
  return (s) => {
    const next = copy(s);
    if (input.users === 0 && input.groups === 0) {
      if (!s.held) return { declined: "nothing is held" };
      delete next.held;
      return next;
    }
    const cycleId = input.decision?.cycleId ?? s.held?.cycleId ?? "";
    const reason = input.decision?.reason ?? s.held?.reason ?? "";
    next.held = {
      users: input.users,
      groups: input.groups,
      since: s.held?.since ?? input.now.toISOString(),
      cycleId,
      reason,
    };
    if (JSON.stringify(next.held) === JSON.stringify(s.held)) return { declined: "the held set did not change" };
    return next;
  };
}

/** A held removal became moot (its object is wanted in Slack again): one fewer is held; none left clears the set. */
export function heldRemoved(objectType: "User" | "Group"): JobTransition {
  return (s) => {
    if (!s.held) return { declined: "nothing is held" };
    const next = copy(s);
    const held = { ...s.held };
    if (objectType === "User") held.users = Math.max(0, held.users - 1);
    else held.groups = Math.max(0, held.groups - 1);
    if (held.users === 0 && held.groups === 0) delete next.held;
    else next.held = held;
    return next;
  };
}

/** The removal gate of a cycle has finished (its held set is counted); declines when there is nothing to settle. */
export function removalsSettled(cycleId: string): JobTransition {
  return (s) => {
    const gate = s.removalGate;
    if (gate?.cycleId !== cycleId || gate.users === undefined || gate.settled) {
      return { declined: `the removal gate of cycle ${cycleId} has nothing to settle` };
    }
    return { ...copy(s), removalGate: { ...gate, settled: true } };
  };
}

/** Whether a cycle's removal gate has decided and not yet finished (its cycle is not converged meanwhile). */
export function removalGateUnsettled(state: JobState, cycleId: string): boolean {
  const gate = state.removalGate;
  return gate?.cycleId === cycleId && gate.users !== undefined && gate.settled !== true;
}

/**
 * Whether a user run of `cycleId` defers its group member changes to the cycle's flush instead of queueing its groups'
 * runs: only during the current cycle's full users round (initial, restart, resync, expired token), and not after the
 * flush (a removal released by the gate, say, applies its member changes at once).
 */
export function defersMemberWork(state: JobState, cycleId: string): boolean {
  if (state.cycleId !== cycleId || !state.users.full || state.cyclePhase === "failed") return false;
  return !(state.deferredMembers?.cycleId === cycleId && state.deferredMembers.flushed === true);
}

/** A user run of the cycle deferred member changes (the first one marks it; the cycle's probe flushes them). */
export function memberWorkDeferred(cycleId: string): JobTransition {
  return (s) => {
    if (!defersMemberWork(s, cycleId)) return { declined: `cycle ${cycleId} does not defer member changes` };
    if (s.deferredMembers?.cycleId === cycleId) return { declined: `cycle ${cycleId} already deferred member changes` };
    return { ...copy(s), deferredMembers: { cycleId } };
  };
}

/** Whether a cycle deferred member changes that are not flushed yet (its cycle is not converged meanwhile). */
export function memberFlushPending(state: JobState, cycleId: string): boolean {
  return state.deferredMembers?.cycleId === cycleId && state.deferredMembers.flushed !== true;
}

/** The cycle's deferred member changes are flushed: their groups' runs are queued (and in the cycle's backlog). */
export function memberWorkFlushed(cycleId: string): JobTransition {
  return (s) => {
    if (!memberFlushPending(s, cycleId)) return { declined: `cycle ${cycleId} has no member changes to flush` };
    return { ...copy(s), deferredMembers: { cycleId, flushed: true } };
  };
}
