/**
 * How soon the removal gate's probe looks again while its cycle is still applying. A released removal is applied only
 * after the gate, so the look's granularity is part of a deactivation's latency: once a second for the first minute
 * (an incremental cycle converges within it), then every 10 s (a long cycle: a probe costs the job row and the
 * backlog's count, a few small Table reads).
 */
export const PROBE_FAST_LOOKS = 60;
export const PROBE_FAST_MS = 1_000;
export const PROBE_SLOW_MS = 10_000;

/** Pure: the wait before look number `attempt` (1 for the first look again). */
export function removalProbeDelayMs(attempt: number): number {
  return attempt <= PROBE_FAST_LOOKS ? PROBE_FAST_MS : PROBE_SLOW_MS;
}
