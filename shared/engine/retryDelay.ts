import { decideRetry } from "../errors";

export { CREDENTIAL_RETRY_MS, MAX_TRANSIENT_ATTEMPTS } from "../errors";

/**
 * Pure: how long to wait before re-queueing a message that failed with `error` on its `attempt`-th re-queue, or
 * undefined to give up (rethrow: the host's poison path). The decision is errors/retryPolicy.ts's: throttling and busy
 * leases are never given up (a 429 is never a failure), refused credentials wait CREDENTIAL_RETRY_MS until an admin
 * fixes the settings, other transient errors back off up to 10 minutes MAX_TRANSIENT_ATTEMPTS times, and permanent
 * errors are not retried.
 */
export function retryDelay(error: unknown, attempt: number): number | undefined {
  const decision = decideRetry(error, attempt);
  return decision.action === "requeue" ? decision.delayMs : undefined;
}
