/**
 * How soon a poke that found a cycle still applying looks again. Changes notified while a cycle runs wait for it to
 * converge, so the look's granularity is part of their latency: once a second for the first minute (an incremental
 * cycle of a few changes converges within it), then every 5 s (a long cycle: the looks stay cheap), for at most 30
 * minutes in all; then the scheduled cycle catches up. A look reads the job row, the catch-up row and the backlog's
 * count (a handful of small Table reads).
 */
export const POKE_FAST_LOOKS = 60;
export const POKE_FAST_MS = 1_000;
export const POKE_SLOW_MS = 5_000;
export const POKE_GIVE_UP_MS = 30 * 60_000;
/** The looks that fit in POKE_GIVE_UP_MS. */
export const POKE_MAX_ATTEMPTS =
  POKE_FAST_LOOKS + Math.ceil((POKE_GIVE_UP_MS - POKE_FAST_LOOKS * POKE_FAST_MS) / POKE_SLOW_MS);

/** Pure: the wait before look number `attempt` (1 for the first look again). */
export function pokeRetryDelayMs(attempt: number): number {
  return attempt <= POKE_FAST_LOOKS ? POKE_FAST_MS : POKE_SLOW_MS;
}
