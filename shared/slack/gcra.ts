import type { GovernorLimits, SlackBucket } from "./slackRateLimits";

/**
 * The shared state of the rate governor: per bucket its theoretical arrival time (GCRA, the generic cell rate
 * algorithm: a token bucket kept as one number), and the moment before which nobody may send (Slack's Retry-After).
 * Times are milliseconds since the epoch.
 */
export interface GovernorState {
  tats: Partial<Record<SlackBucket, number>>;
  notBefore: number;
}

/** When one request may go out, or how long it would have to wait when that is beyond the wait budget. */
export type Reservation = { at: number } | { tooLongMs: number };

/**
 * Pure: reserves a send time for each request in order (each a set of buckets it draws from), against the state, and
 * returns the new state. A request waits until every one of its buckets has a token (GCRA: a bucket of `burst` tokens
 * refilled at `perMinute`) and until `notBefore`. A request that would wait longer than `maxWaitMs` reserves nothing
 * (its caller gives the work back to the queue instead of holding a worker), and leaves the state as it was.
 */
export function reserveMany(
  state: GovernorState,
  limits: GovernorLimits,
  requests: readonly (readonly SlackBucket[])[],
  now: number,
  maxWaitMs: number,
): { state: GovernorState; reservations: Reservation[] } {
  const tats = { ...state.tats };
  const reservations: Reservation[] = [];
  for (const buckets of requests) {
    let at = Math.max(now, state.notBefore);
    for (const b of buckets) {
      const { perMinute, burst } = limits[b];
      const interval = 60_000 / perMinute;
      const tat = Math.max(tats[b] ?? now, now);
      at = Math.max(at, tat - (burst - 1) * interval);
    }
    if (at - now > maxWaitMs) {
      reservations.push({ tooLongMs: at - now });
      continue;
    }
    for (const b of buckets) {
      const interval = 60_000 / limits[b].perMinute;
      tats[b] = Math.max(tats[b] ?? now, at) + interval;
    }
    reservations.push({ at });
  }
  return { state: { tats, notBefore: state.notBefore }, reservations };
}

/** Pure: the state after Slack asked everyone to wait `ms` from `now` (Retry-After); never shortens a longer pause. */
export function pauseUntil(state: GovernorState, until: number): GovernorState {
  return { tats: state.tats, notBefore: Math.max(state.notBefore, until) };
}
