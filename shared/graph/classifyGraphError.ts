import {
  ConfigurationError,
  CredentialError,
  DeltaTokenExpiredError,
  GraphRequestError,
  isProvisioningError,
  ThrottledError,
  TransientError,
} from "../errors";
import type { ProvisioningError } from "../errors";
import { errorCodes, retryAfterMs } from "./graphErrorDetails";
import type { GraphFailure } from "./graphErrorDetails";
import { ForeignGraphHostError } from "./graphLinks";

/** Retry-After to suggest when Graph throttled without one. */
export const DEFAULT_THROTTLE_DELAY_MS = 30_000;

const DELTA_EXPIRED_CODES = new Set(["syncstatenotfound", "resyncrequired"]);

export const GRAPH_PERMISSION_HINT =
  "Check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET (the secret's value, not its id, and not expired) " +
  "or the managed identity, and that admin consent is granted for the application permissions User.Read.All and " +
  "Application.Read.All.";

/**
 * Maps a failed Graph call (after the client's own retries) to the product's typed errors:
 * 429 → ThrottledError; 5xx, timeouts, connection failures → TransientError; 401/403 → CredentialError;
 * 410 or a 4xx with syncStateNotFound/resyncRequired (any case, inner errors too) → DeltaTokenExpiredError;
 * any other 4xx → GraphRequestError. `what` names the operation for the message, e.g. "reading users/delta".
 * Errors already typed (ProvisioningError, also wrapped in a GraphClientError's customError) pass through.
 */
export function classifyGraphError(e: unknown, what: string): ProvisioningError {
  if (isProvisioningError(e)) return e;
  const wrapped = (e as { customError?: unknown } | null)?.customError;
  if (isProvisioningError(wrapped)) return wrapped;
  if (e instanceof ForeignGraphHostError || wrapped instanceof ForeignGraphHostError) {
    const err = (e instanceof ForeignGraphHostError ? e : wrapped) as ForeignGraphHostError;
    return new ConfigurationError(`${err.message} Check GRAPH_BASE_URL.`, { cause: err });
  }
  const failure = (e ?? {}) as GraphFailure;
  const status = typeof failure.statusCode === "number" ? failure.statusCode : -1;
  const codes = errorCodes(failure);
  const graphCode = codes[0] ?? "unknown";
  const detail = sanitize(failure.message);

  if (status === 429) {
    return new ThrottledError("graph", retryAfterMs(failure.headers) ?? DEFAULT_THROTTLE_DELAY_MS, { cause: e });
  }
  if (
    status === 410 ||
    (status >= 400 && status < 500 && codes.some((c) => DELTA_EXPIRED_CODES.has(c.toLowerCase())))
  ) {
    return new DeltaTokenExpiredError(
      `Microsoft Graph no longer accepts the stored delta link while ${what} (HTTP ${status} ${graphCode}); ` +
        "a full re-read of the directory is needed.",
      { cause: e, status },
    );
  }
  if (status === 401 || status === 403) {
    const why =
      status === 401 ? "rejected the app's access token" : "refused the request because the app lacks a permission";
    return new CredentialError(
      "graph",
      `Microsoft Graph ${why} while ${what} (HTTP ${status} ${graphCode}). ${GRAPH_PERMISSION_HINT}`,
      {
        cause: e,
        status,
      },
    );
  }
  if (status >= 500) {
    return new TransientError(
      "GraphUnavailable",
      `Microsoft Graph failed while ${what} (HTTP ${status} ${graphCode}); it will be retried.`,
      { cause: e, status, retryAfterMs: retryAfterMs(failure.headers) },
    );
  }
  if (status >= 400) {
    return new GraphRequestError(
      graphCode,
      `Microsoft Graph refused ${what} (HTTP ${status} ${graphCode}): ${detail}`,
      status,
      {
        cause: e,
      },
    );
  }
  // No response: connection refused/reset, DNS, timeout (the JS client reports these with statusCode -1).
  const timeout = codes.some((c) => c === "TimeoutError" || c === "AbortError");
  return new TransientError(
    timeout ? "GraphTimeout" : "GraphConnectionFailed",
    timeout
      ? `Microsoft Graph did not answer in time while ${what}; it will be retried.`
      : `Could not reach Microsoft Graph while ${what} (${detail || graphCode}); it will be retried.`,
    { cause: e },
  );
}

/** Keeps messages short and free of bearer tokens. */
function sanitize(message: string | undefined): string {
  if (!message) return "";
  return message.replace(/Bearer\s+\S+/gi, "Bearer [redacted]").slice(0, 300);
}
