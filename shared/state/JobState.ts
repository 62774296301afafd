/** Where a cycle is: reading delta pages, committed (delta link stored), or failed before it could start. */
export type CyclePhase = "idle" | "reading" | "committed" | "failed";

/** The job's state row: the delta link, the cycle lease and the current cycle's page cursor. */
export interface JobState {
  jobId: string;
  /** The stored users/delta deltaLink, exactly as Graph returned it. Absent before the first complete round. */
  deltaLink?: string;
  /** Number of the last delta round started (monotonic). */
  round: number;
  cycleId?: string;
  cycleStartedAt?: string;
  /** True when the current round is a full read (initial cycle, expired token, restart). */
  cycleFull: boolean;
  cyclePhase: CyclePhase;
  /** Index of the next delta page the chain must process, its URL, and whether its message is queued. */
  nextPageIndex: number;
  nextPageUrl?: string;
  nextPageEnqueued: boolean;
  pagesRead: number;
  objectsRead: number;
  /** The cycle lease: who runs the current round and until when (ISO time). */
  leaseOwner?: string;
  leaseExpiresAt?: string;
  paused: boolean;
  lastError?: { code: string; message: string; at: string };
  lastCommittedAt?: string;
  lastCommittedCycleId?: string;
  cyclesCompleted: number;
  /** Why the current round is full (for the activity log and status). */
  fullReason?: string;
  /** The stored groups/delta deltaLink, exactly as Graph returned it. */
  groupsDeltaLink?: string;
  /** The groups stage of the current cycle (read before the users round). */
  groupCursor?: GroupCursor;
  /** Hash of the provisioning configuration (mappings, scoping) the last committed full round applied. */
  configHash?: string;
  /** Hash of the configuration the current cycle runs with; becomes configHash when its round commits. */
  cycleConfigHash?: string;
  /** The Slack application's app roles as last read (role id → value and name), for [appRoleAssignments]. */
  appRoles?: Record<string, { value: string | null; displayName: string | null }>;
  /** The last cycle whose convergence was reported to telemetry. */
  reportedCycleId?: string;
  /** When activity older than the retention period was last purged. */
  lastPurgeAt?: string;
}

/** The page cursor of the groups/delta round of a cycle. */
export interface GroupCursor {
  round: number;
  phase: "reading" | "done";
  full: boolean;
  nextPageIndex: number;
  nextPageUrl?: string;
  nextPageEnqueued: boolean;
  pagesRead: number;
  groupsRead: number;
}

export function initialJobState(jobId: string): JobState {
  return {
    jobId,
    round: 0,
    cycleFull: true,
    cyclePhase: "idle",
    nextPageIndex: 0,
    nextPageEnqueued: false,
    pagesRead: 0,
    objectsRead: 0,
    paused: false,
    cyclesCompleted: 0,
  };
}

/** Whether the cycle lease is held by someone at `now`. */
export function leaseHeld(state: JobState, now: Date): boolean {
  return (
    state.leaseOwner !== undefined &&
    state.leaseExpiresAt !== undefined &&
    Date.parse(state.leaseExpiresAt) > now.getTime()
  );
}
