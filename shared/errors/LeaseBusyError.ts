import { ProvisioningError } from "./ProvisioningError";

/** Another worker holds the lease on this object or job; try again shortly. */
export class LeaseBusyError extends ProvisioningError {
  constructor(what: string, retryAfterMs: number) {
    super("LeaseBusy", `${what} is being processed by another worker; will retry.`, { retryable: true, retryAfterMs });
  }
}
