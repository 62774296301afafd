/**
 * Pure: the catch-up state behind change notifications. A notification is only a ping that something changed; the app
 * re-reads through an incremental cycle. Any number of notifications share one queued "poke", which is done once a
 * cycle has started after the latest of them (that cycle's delta read sees every change notified before it).
 */
export interface CatchUpState {
  /** When the latest notification arrived. */
  latestNotifiedAt?: string;
  /** When the poke now in the queue was sent; absent when none is. */
  pokeQueuedAt?: string;
}

/**
 * A poke not heard of for longer than this is taken for lost (its host died holding it: the queue shows it again only
 * after its visibility timeout, 10 minutes), and another is sent. A waiting poke refreshes its time on every look.
 */
export const POKE_STALE_MS = 60_000;

/**
 * A notification arrived at `now`: remember it, and queue a poke unless a fresh one is already queued (or always, when
 * `force`: after the app found notifications lost, a poke held by a host that died must not make it wait).
 */
export function notified(state: CatchUpState, now: Date, force = false): { state: CatchUpState; queuePoke: boolean } {
  const latest = maxIso(state.latestNotifiedAt, now.toISOString());
  const fresh =
    !force && state.pokeQueuedAt !== undefined && now.getTime() - Date.parse(state.pokeQueuedAt) < POKE_STALE_MS;
  if (fresh) return { state: { ...state, latestNotifiedAt: latest }, queuePoke: false };
  return { state: { latestNotifiedAt: latest, pokeQueuedAt: now.toISOString() }, queuePoke: true };
}

/** Whether a cycle that started at `cycleStartedAt` covers every notification so far (it started after the latest). */
export function covered(state: CatchUpState, cycleStartedAt: string | undefined): boolean {
  if (state.latestNotifiedAt === undefined) return true;
  return cycleStartedAt !== undefined && Date.parse(cycleStartedAt) > Date.parse(state.latestNotifiedAt);
}

/** The poke looks again later: it is alive, so the time of its last sign of life moves on. */
export function pokeWaiting(state: CatchUpState, now: Date): CatchUpState {
  return { ...state, pokeQueuedAt: now.toISOString() };
}

/** The poke is done (covered, or given up): nothing is queued any more. */
export function pokeDone(state: CatchUpState): CatchUpState {
  return state.latestNotifiedAt === undefined ? {} : { latestNotifiedAt: state.latestNotifiedAt };
}

function maxIso(a: string | undefined, b: string): string {
  return a !== undefined && Date.parse(a) > Date.parse(b) ? a : b;
}
