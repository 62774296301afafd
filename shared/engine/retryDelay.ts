import { CredentialError, isProvisioningError, LeaseBusyError, ThrottledError } from "../errors";

/** After this many re-queues a transient failure stops being retried and goes to the poison queue (and is recorded). */
export const MAX_TRANSIENT_ATTEMPTS = 30;
const BASE_MS = 2_000;
const CAP_MS = 10 * 60_000;
/** While credentials are refused, work waits this long between attempts, so fixing them resumes it without loss. */
export const CREDENTIAL_RETRY_MS = 5 * 60_000;

/**
 * Pure: how long to wait before retrying a message that failed with a retryable error on its `attempt`-th re-queue, or
 * undefined to give up. Throttling and busy leases are never given up (a 429 is never a failure); other transient
 * errors back off exponentially up to 10 minutes, MAX_TRANSIENT_ATTEMPTS times. Refused credentials are not the
 * message's fault: it waits CREDENTIAL_RETRY_MS and tries again, until an admin fixes the settings.
 */
export function retryDelay(error: unknown, attempt: number): number | undefined {
  if (error instanceof CredentialError) return CREDENTIAL_RETRY_MS;
  if (error instanceof ThrottledError || error instanceof LeaseBusyError) {
    return Math.max(1_000, error.retryAfterMs ?? BASE_MS);
  }
  if (attempt > MAX_TRANSIENT_ATTEMPTS) return undefined;
  const backoff = Math.min(CAP_MS, BASE_MS * 2 ** Math.min(attempt - 1, 20));
  const hinted = isProvisioningError(error) ? (error.retryAfterMs ?? 0) : 0;
  return Math.max(backoff, hinted);
}
