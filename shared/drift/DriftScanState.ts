import type { DriftMode } from "../config/Settings";

/**
 * The drift scan's row (one per job, beside the job row): the scan running now, with its page cursor and counters, and
 * the summary of the last one that finished. It changes only through the pure transitions below, applied by the
 * DriftScanStore with an ETag compare-and-set, so a re-delivered page message counts once and two starters cannot both
 * start a scan.
 */

/** What a scan has counted so far. */
export interface DriftCounts {
  /** Slack users read (every user of the pages, managed or not). */
  usersRead: number;
  /** Of those, the users the job manages (linked to an Entra user): the only ones compared. */
  managed: number;
  /** Managed users with at least one finding. */
  drifted: number;
  /** Findings (attributes, activation) in all. */
  findings: number;
  /** Drifted users handed to the provisioner to be set back (repair mode). */
  repairsQueued: number;
  /** Drifted users left for the next scan because their link was busy or changed since Slack was read. */
  skipped: number;
}

export interface DriftScanRun extends DriftCounts {
  scanId: string;
  trigger: "schedule" | "manual";
  mode: DriftMode;
  startedAt: string;
  /** The page the chain waits for: its index and Slack's 1-based startIndex. */
  nextPageIndex: number;
  nextStartIndex: number;
  pagesRead: number;
  /** The last progress (start or page): a scan without progress for long is presumed lost and replaced. */
  progressAt: string;
}

/** The last scan that read every page. */
export interface DriftScanSummary extends DriftCounts {
  scanId: string;
  trigger: DriftScanRun["trigger"];
  mode: DriftMode;
  startedAt: string;
  finishedAt: string;
  pagesRead: number;
}

export interface DriftScanState {
  running?: DriftScanRun;
  last?: DriftScanSummary;
}

/** A transition that does not apply: the row is left as it is. */
export interface DriftDeclined {
  declined: string;
}

export type DriftTransition = (state: Readonly<DriftScanState>) => DriftScanState | DriftDeclined;

export function isDriftDeclined(value: DriftScanState | DriftDeclined): value is DriftDeclined {
  return "declined" in value;
}

/** A scan whose last progress is older than this lost its chain (a crash between two steps): a new start replaces it. */
export const DRIFT_STALLED_MS = 15 * 60_000;

const ZERO: DriftCounts = { usersRead: 0, managed: 0, drifted: 0, findings: 0, repairsQueued: 0, skipped: 0 };

/** Whether a scan is running and still making progress at `now`. */
export function driftScanActive(state: Readonly<DriftScanState>, now: Date): boolean {
  const r = state.running;
  return r !== undefined && now.getTime() - Date.parse(r.progressAt) < DRIFT_STALLED_MS;
}

/**
 * Whether the timer should start a scan: none active, and the last one started at least `intervalMs` ago (never: at
 * once), or the running one stalled. An interval of 0 means on demand only (a stalled scan then waits for the operator).
 */
export function driftScanDue(state: Readonly<DriftScanState>, now: Date, intervalMs: number): boolean {
  if (intervalMs <= 0 || driftScanActive(state, now)) return false;
  // A scan that stopped making progress lost its chain: start again now, whatever the interval.
  if (state.running) return true;
  const lastStart = state.last?.startedAt;
  return lastStart === undefined || now.getTime() - Date.parse(lastStart) >= intervalMs;
}

export interface DriftScanStartedInput {
  scanId: string;
  trigger: DriftScanRun["trigger"];
  mode: DriftMode;
  now: Date;
}

/** A new scan from page 0. Declines while another scan makes progress; replaces one that stalled. */
export function driftScanStarted(input: DriftScanStartedInput): DriftTransition {
  return (s) => {
    if (s.running && driftScanActive(s, input.now)) {
      return { declined: `drift scan ${s.running.scanId} is running (started ${s.running.startedAt})` };
    }
    const at = input.now.toISOString();
    return {
      ...structuredClone(s),
      running: {
        ...ZERO,
        scanId: input.scanId,
        trigger: input.trigger,
        mode: input.mode,
        startedAt: at,
        nextPageIndex: 0,
        nextStartIndex: 1,
        pagesRead: 0,
        progressAt: at,
      },
    };
  };
}

/** Why a page message no longer matches the running scan (undefined: it is the page the scan waits for). */
export function driftPageMismatch(
  state: Readonly<DriftScanState>,
  scanId: string,
  pageIndex: number,
): string | undefined {
  const r = state.running;
  if (r?.scanId !== scanId) return `drift scan ${scanId} is not running`;
  if (r.nextPageIndex !== pageIndex) return `drift scan ${scanId} waits for page ${r.nextPageIndex}, not ${pageIndex}`;
  return undefined;
}

export interface DriftPageDoneInput {
  scanId: string;
  pageIndex: number;
  counts: DriftCounts;
  /** Slack's startIndex of the next page, or undefined when this was the last page. */
  nextStartIndex: number | undefined;
  now: Date;
}

/**
 * The page the scan waits for is done: its counts are added and the cursor moves on; after the last page the scan
 * becomes the last summary. Declines for any other page (a re-delivered or stale message).
 */
export function driftPageDone(input: DriftPageDoneInput): DriftTransition {
  return (s) => {
    const why = driftPageMismatch(s, input.scanId, input.pageIndex);
    if (why) return { declined: why };
    const r = s.running as DriftScanRun;
    const at = input.now.toISOString();
    const counts = addCounts(r, input.counts);
    if (input.nextStartIndex === undefined) {
      const next: DriftScanState = structuredClone(s);
      delete next.running;
      next.last = {
        ...counts,
        scanId: r.scanId,
        trigger: r.trigger,
        mode: r.mode,
        startedAt: r.startedAt,
        finishedAt: at,
        pagesRead: r.pagesRead + 1,
      };
      return next;
    }
    return {
      ...structuredClone(s),
      running: {
        ...r,
        ...counts,
        nextPageIndex: r.nextPageIndex + 1,
        nextStartIndex: input.nextStartIndex,
        pagesRead: r.pagesRead + 1,
        progressAt: at,
      },
    };
  };
}

function addCounts(a: DriftCounts, b: DriftCounts): DriftCounts {
  return {
    usersRead: a.usersRead + b.usersRead,
    managed: a.managed + b.managed,
    drifted: a.drifted + b.drifted,
    findings: a.findings + b.findings,
    repairsQueued: a.repairsQueued + b.repairsQueued,
    skipped: a.skipped + b.skipped,
  };
}

/** The cycle id a scan's activity records and repair runs carry, so they are counted apart from any sync cycle. */
export function driftCycleId(scanId: string): string {
  return `drift-${scanId}`;
}
