import type { HttpResponseInit } from "@azure/functions";
import { ConfigurationError, CredentialError, describeError } from "../errors";

/** Turns an error into a JSON response an operator can act on (no stack, no secrets). */
export function errorResponse(e: unknown): HttpResponseInit {
  const { code, message } = describeError(e);
  // A bad candidate mapping sent by the caller is the caller's error (400); a bad configured one is ours (500).
  const status =
    e instanceof Error && e.name === "MappingFileError"
      ? 400
      : e instanceof ConfigurationError
        ? 500
        : e instanceof CredentialError
          ? 502
          : 500;
  return { status, jsonBody: { error: { code, message } } };
}
