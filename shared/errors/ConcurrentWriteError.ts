import type { ProvisioningErrorOptions } from "./ProvisioningError";
import { ProvisioningError } from "./ProvisioningError";

/**
 * A conditional (ETag-guarded) write lost the race with another writer. Callers usually re-read and decide again; if
 * it escapes a queue handler, the message is retried with backoff like any transient failure.
 */
export class ConcurrentWriteError extends ProvisioningError {
  constructor(message = "The row was changed by another writer.", options: ProvisioningErrorOptions = {}) {
    super("ConcurrentWriteError", message, { ...options, retryable: true });
  }
}
