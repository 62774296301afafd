import type { HttpResponseInit } from "@azure/functions";
import { classifyFailure } from "../errors";
import { MappingFileError } from "../mapping/config/MappingFileError";
import { RegexBudgetExceeded } from "../regex/withRegexBudget";
import { RequestBodyTooLargeError } from "./RequestBodyTooLargeError";

/**
 * The HTTP status of an operator API error: a body over the limit is 413; a regular expression that blew its time
 * budget is 422; a bad candidate mapping sent by the caller is the caller's error (400);
 * refused credentials are an upstream problem (502); a bad configuration or anything else is ours (500).
 */
export function httpStatusOf(e: unknown): number {
  if (e instanceof RequestBodyTooLargeError) return 413;
  if (e instanceof RegexBudgetExceeded) return 422;
  if (e instanceof MappingFileError) return 400;
  return classifyFailure(e).kind === "credentials" ? 502 : 500;
}

/** Turns an error into a JSON response an operator can act on (no stack, no secrets). */
export function errorResponse(e: unknown): HttpResponseInit {
  const { code, message } = classifyFailure(e);
  return { status: httpStatusOf(e), jsonBody: { error: { code, message } } };
}
