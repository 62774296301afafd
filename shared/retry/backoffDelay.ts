/** The shape of an exponential backoff: the first step, its ceiling and how much of each step is random. */
export interface Backoff {
  /** First delay; doubled per attempt. */
  baseMs: number;
  /** No step is longer than this. */
  maxMs: number;
  /** Share of each step that is random: 0.5 → between 50 % and 100 % of the step; 0 → exactly the step. */
  jitter: number;
  /** Jitter source in [0, 1) (tests may fix it; default Math.random). */
  random?: () => number;
}

/**
 * Pure: the delay before retry number `attempt` (1 for the first retry): baseMs·2^(attempt−1) capped at maxMs, with
 * jitter taken off the top. The one backoff function of the product: Slack and Graph HTTP retries and the re-queue
 * delays of queue messages (retryPolicy.ts) all use it.
 */
export function backoffDelay(attempt: number, backoff: Backoff): number {
  const step = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30));
  if (backoff.jitter <= 0) return step;
  const random = backoff.random ?? Math.random;
  return Math.round(step * (1 - backoff.jitter + random() * backoff.jitter));
}
