/**
 * How an HTTP adapter (Slack SCIM, Microsoft Graph) retries one call in-process before giving up with a typed error
 * (ThrottledError, TransientError) that the queue's retry policy (errors/retryPolicy.ts) then takes over. One type for
 * both adapters, spent through one HttpRetryBudget; each has its own defaults (SLACK_RETRY_DEFAULTS,
 * GRAPH_RETRY_DEFAULTS).
 */
export interface HttpRetryOptions {
  /** Per-request timeout. */
  requestTimeoutMs: number;
  /** Attempts per call on timeouts and network errors (Slack: also 5xx) before TransientError. */
  maxTransientAttempts: number;
  /** First backoff delay after a transient failure, doubled per attempt (see backoffDelay). */
  backoffBaseMs: number;
  /** Longest backoff step. */
  backoffMaxMs: number;
  /** Share of each backoff step that is random (0.5: between 50 % and 100 % of the step; 0: none). */
  jitter: number;
  /** Jitter source in [0, 1) (tests may fix it). */
  random: () => number;
  /** Throttling answers (429; Graph: also 503/504) honoured per call before giving up with a typed error. */
  maxThrottleRetries: number;
  /**
   * Retry-After time waited in-process over one call before giving up with a typed error (the queue then waits
   * instead): an answer that would take the total past it is not waited for.
   */
  maxThrottleWaitMs: number;
  /** Delay before retrying a throttling answer without Retry-After, doubled per retry (default: backoffBaseMs). */
  throttleBackoffBaseMs?: number;
}
