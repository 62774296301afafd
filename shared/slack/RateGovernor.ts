import type { SlackBucket } from "./slackRateLimits";

/**
 * Paces requests to Slack below its rate limits. `acquire` resolves when a request drawing from these buckets may go
 * out, or rejects with ThrottledError when that is further away than the governor's wait budget (the work goes back to
 * the queue with that delay instead of holding a worker); `pause` makes every caller wait, after Slack answered 429
 * with Retry-After. The process governor paces one process; the table governor paces every instance of the app
 * together, through state they share.
 */
export interface RateGovernor {
  acquire(buckets: readonly SlackBucket[]): Promise<void>;
  pause(ms: number): Promise<void>;
}
