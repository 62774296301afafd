import type { ProvisioningErrorOptions } from "./ProvisioningError";
import { ProvisioningError } from "./ProvisioningError";

/** The stored Graph delta token is no longer valid (syncStateNotFound, resyncRequired, 410 Gone): re-read fully. */
export class DeltaTokenExpiredError extends ProvisioningError {
  constructor(message: string, options: ProvisioningErrorOptions = {}) {
    super("DeltaTokenExpired", message, { ...options, retryable: false });
  }
}
