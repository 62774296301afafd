import type { ProvisioningErrorOptions } from "./ProvisioningError";
import { ProvisioningError } from "./ProvisioningError";

/**
 * Credentials were rejected (Graph token endpoint, Graph 401/403, Slack invalid_authentication). Retryable, but not
 * by backing off: the work waits for an operator to fix the settings and resumes without loss (see retryPolicy.ts).
 * Per-object handlers never record it against the object: it is not the object's fault.
 */
export class CredentialError extends ProvisioningError {
  readonly system: "graph" | "slack";
  /** `code` names a more precise refusal (a subclass's); default GraphCredentialError or SlackCredentialError. */
  constructor(system: "graph" | "slack", message: string, options: ProvisioningErrorOptions & { code?: string } = {}) {
    const { code, ...rest } = options;
    super(code ?? (system === "graph" ? "GraphCredentialError" : "SlackCredentialError"), message, {
      ...rest,
      retryable: true,
    });
    this.system = system;
  }
}
