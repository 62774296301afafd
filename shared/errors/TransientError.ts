import type { ProvisioningErrorOptions } from "./ProvisioningError";
import { ProvisioningError } from "./ProvisioningError";

/** A transient failure: 5xx, timeout, connection reset. Retried with backoff. */
export class TransientError extends ProvisioningError {
  constructor(code: string, message: string, options: ProvisioningErrorOptions = {}) {
    super(code, message, { ...options, retryable: true });
  }
}
