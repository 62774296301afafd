import type { ProvisioningErrorOptions } from "./ProvisioningError";
import { ProvisioningError } from "./ProvisioningError";

/** The remote system asked us to slow down (HTTP 429). Always retryable; never recorded as a failure. */
export class ThrottledError extends ProvisioningError {
  constructor(system: "graph" | "slack", retryAfterMs: number, options: ProvisioningErrorOptions = {}) {
    super(
      system === "graph" ? "GraphThrottled" : "SlackThrottled",
      `${system === "graph" ? "Microsoft Graph" : "Slack"} is rate limiting requests; retrying after ${Math.ceil(retryAfterMs / 1000)} s.`,
      { ...options, retryable: true, retryAfterMs, status: 429 },
    );
  }
}
