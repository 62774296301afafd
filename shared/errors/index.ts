export { ConcurrentWriteError } from "./ConcurrentWriteError";
export { ConfigurationError } from "./ConfigurationError";
export { CredentialError } from "./CredentialError";
export { DeltaTokenExpiredError } from "./DeltaTokenExpiredError";
export { describeError } from "./describeError";
export { GraphRequestError } from "./GraphRequestError";
export { isProvisioningError } from "./isProvisioningError";
export { LeaseBusyError } from "./LeaseBusyError";
export { ProvisioningError } from "./ProvisioningError";
export type { ProvisioningErrorOptions } from "./ProvisioningError";
export {
  CREDENTIAL_RETRY_MS,
  classifyFailure,
  decideRetry,
  failureRule,
  isRetryable,
  MAX_TRANSIENT_ATTEMPTS,
  QUEUE_BACKOFF,
} from "./retryPolicy";
export type {
  EscrowBudget,
  FailureClassification,
  FailureKind,
  FailureRule,
  RetryDecision,
  RetryMode,
} from "./retryPolicy";
export { SlackAuthorizationError } from "./SlackAuthorizationError";
export { SlackRejectedError } from "./SlackRejectedError";
export { SlackTokenUnhealthyError } from "./SlackTokenUnhealthyError";
export type { SlackTokenProblem } from "./SlackTokenUnhealthyError";
export { ThrottledError } from "./ThrottledError";
export { TransientError } from "./TransientError";
