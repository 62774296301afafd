import type { HttpRetryOptions } from "../retry/HttpRetryOptions";

/**
 * How the Slack adapter retries one SCIM call in-process: 30 s per request; 5xx, timeouts and network errors 4 times
 * (idempotent requests only) with backoff from 500 ms doubling up to 8 s, each step between 50 % and 100 % of itself;
 * up to 5 answers of 429 per call and 60 s of Retry-After in total before ThrottledError.
 */
export const SLACK_RETRY_DEFAULTS: HttpRetryOptions = {
  requestTimeoutMs: 30_000,
  maxTransientAttempts: 4,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
  jitter: 0.5,
  random: Math.random,
  maxThrottleRetries: 5,
  maxThrottleWaitMs: 60_000,
};
