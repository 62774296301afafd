import type { ProvisioningErrorOptions } from "./ProvisioningError";
import { ProvisioningError } from "./ProvisioningError";

/** A Graph request failed permanently (a 4xx other than 401/403/429 and the delta-expiry codes). */
export class GraphRequestError extends ProvisioningError {
  readonly graphCode: string;
  constructor(graphCode: string, message: string, status: number, options: ProvisioningErrorOptions = {}) {
    super(`Graph:${graphCode}`, message, { ...options, status, retryable: false });
    this.graphCode = graphCode;
  }
}
