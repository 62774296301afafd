/**
 * An error the emulator answers with. `detail` follows Slack's convention: the error code, then optional context in
 * parentheses, e.g. `username_taken (username=jane)`.
 */
export class ScimError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  /** Seconds for a Retry-After header (429 only). */
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, code: string, context?: string, retryAfterSeconds?: number) {
    const detail = context === undefined ? code : `${code} (${context})`;
    super(detail);
    this.name = "ScimError";
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
