import type { ProvisioningErrorOptions } from "./ProvisioningError";
import { ProvisioningError } from "./ProvisioningError";

/** A setting is missing or malformed. Not retryable: the admin must fix the configuration. */
export class ConfigurationError extends ProvisioningError {
  constructor(message: string, options: ProvisioningErrorOptions = {}) {
    super("ConfigurationError", message, { ...options, retryable: false });
  }
}
