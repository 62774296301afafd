import type { HttpResponseInit } from "@azure/functions";
import { ConfigurationError, CredentialError, describeError } from "../errors";

/** Turns an error into a JSON response an operator can act on (no stack, no secrets). */
export function errorResponse(e: unknown): HttpResponseInit {
  const { code, message } = describeError(e);
  const status = e instanceof ConfigurationError ? 500 : e instanceof CredentialError ? 502 : 500;
  return { status, jsonBody: { error: { code, message } } };
}
