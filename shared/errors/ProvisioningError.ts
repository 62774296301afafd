/**
 * The base of the product's error hierarchy. Every error carries a stable `code`, whether a later attempt of the same
 * work can succeed without anyone changing it (`retryable`), an optional server-suggested delay (`retryAfterMs`) and
 * the underlying `cause`. Whether, when and how often a queue message that failed with an error is retried, and what
 * the operator is told, is decided in one place: retryPolicy.ts. Messages are written for the admin reading the
 * activity log: they say what happened and what to do. Never put a secret in a message.
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
  /**
   * True when retrying the same work can succeed: after a delay (throttling, a busy lease), with backoff (transient
   * failures, contention) or once an operator fixes the settings (refused credentials). False when the input or the
   * configuration must change first. retryPolicy.ts keeps this consistent with what the queue does.
   */
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
