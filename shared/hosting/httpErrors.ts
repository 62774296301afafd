import type { HttpResponseInit } from "@azure/functions";
import { classifyFailure, SlackAuthorizationError } from "../errors";
import { DryRunBudgetExceeded } from "../dryRun/DryRunBudgetExceeded";
import { DryRunBusyError } from "../dryRun/DryRunBusyError";
import { MappingFileError } from "../mapping/config/MappingFileError";
import { RegexBudgetExceeded } from "../regex/withRegexBudget";
import { RequestBodyTooLargeError } from "./RequestBodyTooLargeError";

/**
 * The HTTP status of an operator API error: a body over the limit is 413; a regular expression that blew its time
 * budget is 422, and so is a candidate mapping whose dry run or preview blew its overall budget (the same body would
 * blow it again: the caller must send a simpler mapping, so not 408 or 503, which invite a retry); a bad candidate
 * mapping sent by the caller is the caller's error (400); all dry-run workers busy is 503 with Retry-After; refused
 * credentials are an upstream problem (502); Authorize that cannot complete says itself (400 for the request, 502 when
 * Slack refused the app's settings); a bad configuration, the mapping in force blowing the dry-run budget
 * included, or anything else is ours (500).
 */
export function httpStatusOf(e: unknown): number {
  if (e instanceof RequestBodyTooLargeError) return 413;
  if (e instanceof RegexBudgetExceeded) return 422;
  if (e instanceof DryRunBudgetExceeded) return e.candidate ? 422 : 500;
  if (e instanceof MappingFileError) return 400;
  if (e instanceof DryRunBusyError) return 503;
  if (e instanceof SlackAuthorizationError) return e.answerStatus;
  return classifyFailure(e).kind === "credentials" ? 502 : 500;
}

/** Turns an error into a JSON response an operator can act on (no stack, no secrets); a 503 says when to retry. */
export function errorResponse(e: unknown): HttpResponseInit {
  const { code, message } = classifyFailure(e);
  const status = httpStatusOf(e);
  const retryAfterMs = e instanceof DryRunBusyError ? e.retryAfterMs : undefined;
  return {
    status,
    jsonBody: { error: { code, message } },
    ...(retryAfterMs !== undefined ? { headers: { "retry-after": String(Math.ceil(retryAfterMs / 1000)) } } : {}),
  };
}
