import { backoffDelay } from "../retry/backoffDelay";
import { ConcurrentWriteError } from "./ConcurrentWriteError";
import { ConfigurationError } from "./ConfigurationError";
import { CredentialError } from "./CredentialError";
import { DeltaTokenExpiredError } from "./DeltaTokenExpiredError";
import { describeError } from "./describeError";
import { GraphRequestError } from "./GraphRequestError";
import { LeaseBusyError } from "./LeaseBusyError";
import { ProvisioningError } from "./ProvisioningError";
import { SlackAuthorizationError } from "./SlackAuthorizationError";
import { SlackRejectedError } from "./SlackRejectedError";
import { SlackTokenUnhealthyError } from "./SlackTokenUnhealthyError";
import { ThrottledError } from "./ThrottledError";
import { TransientError } from "./TransientError";

/**
 * The one place that decides what happens to a queue message whose work failed with a given error, and what the
 * operator is told about it. Adding an error class means adding a row to RULES (and to the policy's tests).
 */

/** What kind of failure it was, in the operator's words. */
export type FailureKind = "throttled" | "contention" | "transient" | "credentials" | "configuration" | "permanent";

/**
 * How a queue message that failed is retried:
 * - "afterDelay": re-queued forever after the server's (or the lease's) suggested delay, at least 1 s;
 * - "backoff": re-queued after 2 s·2^(n−1) (capped at 10 min, at least a suggested delay), MAX_TRANSIENT_ATTEMPTS
 *   times, then rethrown (the host's poison path records it);
 * - "waitForOperator": re-queued forever every CREDENTIAL_RETRY_MS, so fixing the settings resumes the work;
 * - "never": rethrown at once (per-object handlers record it as a Failure first).
 */
export type RetryMode = "afterDelay" | "backoff" | "waitForOperator" | "never";

export interface FailureRule {
  kind: FailureKind;
  retry: RetryMode;
}

/** After this many re-queues a transient failure stops being retried and goes to the poison queue (and is recorded). */
export const MAX_TRANSIENT_ATTEMPTS = 30;
/** While credentials are refused, work waits this long between attempts, so fixing them resumes it without loss. */
export const CREDENTIAL_RETRY_MS = 5 * 60_000;
/** The re-queue backoff of "backoff" failures (no jitter: the queue spreads messages out already). */
export const QUEUE_BACKOFF = { baseMs: 2_000, maxMs: 10 * 60_000, jitter: 0 } as const;
/** Shortest re-queue delay of an "afterDelay" failure, and its delay when no Retry-After was given. */
const MIN_AFTER_DELAY_MS = 1_000;
const DEFAULT_AFTER_DELAY_MS = QUEUE_BACKOFF.baseMs;

/** An error class, abstract or not, whatever its constructor's parameters. */
type ErrorClass = abstract new (...args: never[]) => Error;

/** First match wins: subclasses come before their base classes. */
const RULES: readonly (readonly [ErrorClass, FailureRule])[] = [
  // A revoked token or a demoted token owner (the token check): an operator connects Slack again.
  [SlackTokenUnhealthyError, { kind: "credentials", retry: "waitForOperator" }],
  [CredentialError, { kind: "credentials", retry: "waitForOperator" }],
  [ThrottledError, { kind: "throttled", retry: "afterDelay" }],
  [LeaseBusyError, { kind: "contention", retry: "afterDelay" }],
  [ConcurrentWriteError, { kind: "contention", retry: "backoff" }],
  [TransientError, { kind: "transient", retry: "backoff" }],
  [ConfigurationError, { kind: "configuration", retry: "never" }],
  [DeltaTokenExpiredError, { kind: "permanent", retry: "never" }],
  [SlackRejectedError, { kind: "permanent", retry: "never" }],
  // Authorize (an HTTP request, never a queue message): the admin starts again or fixes a setting.
  [SlackAuthorizationError, { kind: "permanent", retry: "never" }],
  [GraphRequestError, { kind: "permanent", retry: "never" }],
];

/** Any other ProvisioningError follows its own `retryable` flag. */
const RETRYABLE: FailureRule = { kind: "transient", retry: "backoff" };
const PERMANENT: FailureRule = { kind: "permanent", retry: "never" };
/** An error outside the hierarchy (a bug, a library error, a non-Error throw) is treated as transient. */
const UNKNOWN: FailureRule = RETRYABLE;

/** The rule for any thrown value. */
export function failureRule(e: unknown): FailureRule {
  for (const [cls, rule] of RULES) if (e instanceof cls) return rule;
  if (e instanceof ProvisioningError) return e.retryable ? RETRYABLE : PERMANENT;
  return UNKNOWN;
}

/** What the operator is told about a failure: its kind, its stable code and the (secret-free) message. */
export interface FailureClassification extends FailureRule {
  code: string;
  message: string;
}

export function classifyFailure(e: unknown): FailureClassification {
  return { ...failureRule(e), ...describeError(e) };
}

/** Whether retrying the same work can help at all (a queue message is re-queued rather than given up at once). */
export function isRetryable(e: unknown): boolean {
  return failureRule(e).retry !== "never";
}

/**
 * What the queue does with a message that failed: re-queue it after `delayMs`, escrow its object (when the caller can),
 * or rethrow (the poison path).
 */
export type RetryDecision =
  | { action: "requeue"; delayMs: number; failure: FailureClassification }
  | { action: "escrow"; failure: FailureClassification }
  | { action: "rethrow"; failure: FailureClassification };

/**
 * The retry budget of a message about one object, which can be escrowed instead (its backlog row cleared so the cycle
 * converges, and retried in later cycles): at most `afterAttempts` re-queues with backoff, and `afterMs` of failing in
 * all (Retry-After waits and refused credentials included), counted from the first failure (`elapsedMs` so far).
 */
export interface EscrowBudget {
  afterAttempts: number;
  afterMs: number;
  elapsedMs: number;
}

export interface RetryDecisionOptions {
  /** Set for a message about one object: a spent budget escrows the object rather than keep re-queueing. */
  escrow?: EscrowBudget;
}

/** Whether a re-queueable failure has spent the escrow budget. */
function budgetSpent(budget: EscrowBudget, retry: RetryMode, attempt: number): boolean {
  return (retry === "backoff" && attempt > budget.afterAttempts) || budget.elapsedMs >= budget.afterMs;
}

/** Pure: the decision for a message that failed with `error` on its `attempt`-th re-queue (1 for the first). */
export function decideRetry(error: unknown, attempt: number, options: RetryDecisionOptions = {}): RetryDecision {
  const failure = classifyFailure(error);
  if (options.escrow && failure.retry !== "never" && budgetSpent(options.escrow, failure.retry, attempt)) {
    return { action: "escrow", failure };
  }
  const hintedMs = error instanceof ProvisioningError ? error.retryAfterMs : undefined;
  const requeue = (delayMs: number): RetryDecision => ({ action: "requeue", delayMs, failure });
  switch (failure.retry) {
    case "never":
      return { action: "rethrow", failure };
    case "waitForOperator":
      return requeue(CREDENTIAL_RETRY_MS);
    case "afterDelay":
      return requeue(Math.max(MIN_AFTER_DELAY_MS, hintedMs ?? DEFAULT_AFTER_DELAY_MS));
    case "backoff":
      if (attempt > MAX_TRANSIENT_ATTEMPTS) return { action: "rethrow", failure };
      return requeue(Math.max(backoffDelay(attempt, QUEUE_BACKOFF), hintedMs ?? 0));
  }
}
