import type { ProvisioningErrorOptions } from "./ProvisioningError";
import { ProvisioningError } from "./ProvisioningError";

/**
 * Slack refused an operation permanently (a 4xx other than 429): for example username_taken, email_taken,
 * invalid_name_specials. `slackCode` is Slack's own error token (the part before the first space of the description).
 */
export class SlackRejectedError extends ProvisioningError {
  readonly slackCode: string;
  readonly slackMessage: string;
  constructor(slackCode: string, slackMessage: string, status: number, options: ProvisioningErrorOptions = {}) {
    super(`Slack:${slackCode}`, `Slack rejected the request: ${slackMessage} (HTTP ${status}).`, {
      ...options,
      status,
      retryable: false,
    });
    this.slackCode = slackCode;
    this.slackMessage = slackMessage;
  }
}
