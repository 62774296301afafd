/**
 * The product's error hierarchy. Every error carries a stable `code`, whether retrying can help (`retryable`),
 * an optional server-suggested delay (`retryAfterMs`) and the underlying `cause`. Messages are written for the admin
 * reading the activity log: they say what happened and what to do. Never put a secret in a message.
 */
export interface ProvisioningErrorOptions {
  cause?: unknown;
  retryable?: boolean;
  retryAfterMs?: number;
  /** HTTP status of the remote call, when there was one. */
  status?: number;
}

export class ProvisioningError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(code: string, message: string, options: ProvisioningErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
  }
}

/** A setting is missing or malformed. Not retryable: the admin must fix the configuration. */
export class ConfigurationError extends ProvisioningError {
  constructor(message: string, options: ProvisioningErrorOptions = {}) {
    super("ConfigurationError", message, { ...options, retryable: false });
  }
}

/** Credentials were rejected (Graph token endpoint, Graph 401/403, Slack invalid_authentication). */
export class CredentialError extends ProvisioningError {
  constructor(system: "graph" | "slack", message: string, options: ProvisioningErrorOptions = {}) {
    super(system === "graph" ? "GraphCredentialError" : "SlackCredentialError", message, {
      ...options,
      retryable: false,
    });
  }
}

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

/** A transient failure: 5xx, timeout, connection reset. Retried with backoff. */
export class TransientError extends ProvisioningError {
  constructor(code: string, message: string, options: ProvisioningErrorOptions = {}) {
    super(code, message, { ...options, retryable: true });
  }
}

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

/** The stored Graph delta token is no longer valid (syncStateNotFound, resyncRequired, 410 Gone): re-read fully. */
export class DeltaTokenExpiredError extends ProvisioningError {
  constructor(message: string, options: ProvisioningErrorOptions = {}) {
    super("DeltaTokenExpired", message, { ...options, retryable: false });
  }
}

/** A Graph request failed permanently (a 4xx other than 401/403/429 and the delta-expiry codes). */
export class GraphRequestError extends ProvisioningError {
  readonly graphCode: string;
  constructor(graphCode: string, message: string, status: number, options: ProvisioningErrorOptions = {}) {
    super(`Graph:${graphCode}`, message, { ...options, status, retryable: false });
    this.graphCode = graphCode;
  }
}

/** Another worker holds the lease on this object or job; try again shortly. */
export class LeaseBusyError extends ProvisioningError {
  constructor(what: string, retryAfterMs: number) {
    super("LeaseBusy", `${what} is being processed by another worker; will retry.`, { retryable: true, retryAfterMs });
  }
}

export function isProvisioningError(e: unknown): e is ProvisioningError {
  return e instanceof ProvisioningError;
}

/** Whether an arbitrary thrown value is worth retrying (unknown errors are treated as transient). */
export function isRetryable(e: unknown): boolean {
  return isProvisioningError(e) ? e.retryable : true;
}

/** A short, secret-free description of any thrown value for logs and activity records. */
export function describeError(e: unknown): { code: string; message: string } {
  if (isProvisioningError(e)) return { code: e.code, message: e.message };
  if (e instanceof Error) return { code: e.name || "Error", message: e.message };
  return { code: "Error", message: String(e) };
}
