import { ProvisioningError } from "./ProvisioningError";

/**
 * Connecting Slack with Authorize did not complete, and nothing was stored: the callback's state is unknown, used,
 * another operator's or expired; the Slack admin denied consent; or Slack refused the code exchange. The message says
 * what the admin should check or do. `answerStatus` is the HTTP status the callback answers with: 400 when the request
 * itself cannot complete (start again), 502 when Slack refused the app's configuration (fix a setting). Not retryable.
 */
export class SlackAuthorizationError extends ProvisioningError {
  constructor(
    code: string,
    message: string,
    readonly answerStatus: 400 | 502 = 400,
  ) {
    super(code, message, { retryable: false });
  }
}
