import type { HttpRetryOptions } from "../retry/HttpRetryOptions";

/**
 * How the Graph adapter retries one call in-process: 30 s per request; connection failures and timeouts 3 attempts
 * with 500 ms then 1 s between them (no jitter); 429/503/504 up to 3 times (GraphRetryMiddleware), waiting the
 * Retry-After (or 3 s, then 6 s, 12 s) while the waits stay within 30 s in total; an answer asking for more is not
 * waited for: the typed error goes to the queue, which waits instead.
 */
export const GRAPH_RETRY_DEFAULTS: HttpRetryOptions = {
  requestTimeoutMs: 30_000,
  maxTransientAttempts: 3,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
  jitter: 0,
  random: Math.random,
  maxThrottleRetries: 3,
  maxThrottleWaitMs: 30_000,
  throttleBackoffBaseMs: 3_000,
};
