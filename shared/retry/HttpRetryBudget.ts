import { backoffDelay } from "./backoffDelay";
import type { HttpRetryOptions } from "./HttpRetryOptions";

/** What to do after a throttling answer: wait `waitMs` and try again, or give up (`retry` false) with that wait. */
export interface ThrottleDecision {
  waitMs: number;
  retry: boolean;
}

/**
 * The in-process retry budget of one HTTP call, the same for the Slack and the Graph adapter: after a throttling answer
 * it waits the server's Retry-After (or a growing backoff), at most `maxThrottleRetries` times and `maxThrottleWaitMs`
 * in total; after a failure that may be transient (no answer, a timeout, a 5xx) it backs off, at most
 * `maxTransientAttempts` attempts, and never repeats a request that is not idempotent. When the budget is spent the
 * adapter throws its typed error, and the queue's retry policy (shared/errors/retryPolicy.ts) takes over.
 */
export class HttpRetryBudget {
  private throttles = 0;
  private throttleWaitedMs = 0;
  private failureCount = 0;

  constructor(private readonly options: HttpRetryOptions) {}

  /** Attempts that failed so far (for the error message). */
  get failures(): number {
    return this.failureCount;
  }

  /** A throttling answer, with the server's Retry-After when it gave one. */
  throttled(retryAfterMs: number | undefined): ThrottleDecision {
    this.throttles++;
    const baseMs = this.options.throttleBackoffBaseMs ?? this.options.backoffBaseMs;
    const waitMs = retryAfterMs ?? this.backoff(this.throttles, baseMs);
    const retry =
      this.throttles <= this.options.maxThrottleRetries &&
      this.throttleWaitedMs + waitMs <= this.options.maxThrottleWaitMs;
    if (retry) this.throttleWaitedMs += waitMs;
    return { waitMs, retry };
  }

  /** A failure that may be transient: the wait before the next attempt, or undefined when the call must give up. */
  failed(idempotent: boolean): number | undefined {
    this.failureCount++;
    if (!idempotent || this.failureCount >= this.options.maxTransientAttempts) return undefined;
    return this.backoff(this.failureCount, this.options.backoffBaseMs);
  }

  private backoff(attempt: number, baseMs: number): number {
    const { backoffMaxMs: maxMs, jitter, random } = this.options;
    return backoffDelay(attempt, { baseMs, maxMs, jitter, random });
  }
}
