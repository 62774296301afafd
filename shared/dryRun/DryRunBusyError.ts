import { ProvisioningError } from "../errors/ProvisioningError";

/** How long a caller refused for lack of a free dry-run worker is told to wait. */
export const DRY_RUN_BUSY_RETRY_MS = 5_000;

/**
 * As many dry runs and previews as the instance evaluates at once are already running (each in its own worker thread,
 * each up to DRY_RUN_BUDGET_MS), so this one was refused rather than queued: a burst of requests cannot take every core
 * and the memory of the instance that also provisions. Retryable after a few seconds.
 */
export class DryRunBusyError extends ProvisioningError {
  constructor(running: number) {
    super(
      "DryRunBusy",
      `${running} dry runs or previews are already being evaluated on this instance, the most it runs at once. ` +
        `Try again in ${DRY_RUN_BUSY_RETRY_MS / 1000} seconds.`,
      { retryable: true, retryAfterMs: DRY_RUN_BUSY_RETRY_MS },
    );
  }
}
