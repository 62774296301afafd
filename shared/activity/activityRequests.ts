import type { ActivityRequest } from "../state/ActivityRecord";
import type { SlackExchange } from "../slack/slackExchanges";
import { redactSecrets } from "../telemetry/redactSecrets";
import { redactScimBody } from "./redactScimBody";
import { redactScimPath } from "./redactScimPath";
import type { SensitiveSlots } from "./SensitiveSlots";

/** The longest body (request or response) an activity record keeps, in characters of its JSON text. */
export const MAX_REQUEST_BODY_CHARS = 4096;
/** The most requests one record keeps: the first MAX_REQUESTS - 1 and the last. */
export const MAX_REQUESTS = 20;
/** The most characters the `requests` of one record take in the stored record (its JSON). */
export const MAX_REQUESTS_CHARS = 16_384;
const MAX_PATH_CHARS = 300;
const MAX_ERROR_CHARS = 300;

/** `text` cut to `max` characters (never inside a surrogate pair), with an ellipsis; whether it was cut. */
export function capText(text: string, max: number): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return { text: `${text.slice(0, end)}…`, cut: true };
}

/**
 * A body as kept: JSON text of the redacted body, capped. A body that is not JSON (Slack answered text, or it was cut
 * before it could be parsed) cannot be searched for sensitive attributes: when the mapping has any, it is not kept.
 */
function keptBody(body: unknown, s: SensitiveSlots, resource: "Users" | "Groups"): { text?: string; cut: boolean } {
  if (body === undefined) return { cut: false };
  if (typeof body === "string") {
    if (s.any) {
      return {
        text: `[not kept: ${body.length} characters that are not JSON, so sensitive attributes could not be redacted]`,
        cut: true,
      };
    }
    return capText(redactSecrets(body), MAX_REQUEST_BODY_CHARS);
  }
  return capText(JSON.stringify(redactScimBody(body, s, resource)), MAX_REQUEST_BODY_CHARS);
}

function toRequest(e: SlackExchange, s: SensitiveSlots): ActivityRequest {
  const resource = e.path.startsWith("/Groups") ? "Groups" : "Users";
  const request = keptBody(e.requestBody, s, resource);
  const response = keptBody(e.responseBody, s, resource);
  const path = capText(redactScimPath(e.path, s), MAX_PATH_CHARS);
  return {
    method: e.method,
    path: path.text,
    ...(e.status > 0 ? { status: e.status } : {}),
    durationMs: e.durationMs,
    ...(request.text !== undefined ? { request: request.text } : {}),
    ...(response.text !== undefined ? { response: response.text } : {}),
    ...(request.cut || response.cut || path.cut ? { truncated: true as const } : {}),
    ...(e.error !== undefined ? { error: capText(redactSecrets(e.error), MAX_ERROR_CHARS).text } : {}),
  };
}

/** The request without its bodies, marked truncated. */
function withoutBodies(r: ActivityRequest): ActivityRequest {
  const { request: _request, response: _response, ...rest } = r;
  return { ...rest, truncated: true };
}

/**
 * Pure: the Slack exchanges of one run as its activity record keeps them (ActivityRequest): path and bodies redacted
 * (redactScimPath, redactScimBody: secrets and the mapping's sensitive attributes), each body capped at
 * MAX_REQUEST_BODY_CHARS, at most MAX_REQUESTS of them (the first ones and the last: a gap is marked `truncated` on
 * the request after it), and all of them within MAX_REQUESTS_CHARS of JSON: requests that do not fit with their
 * bodies are kept without them (`truncated`), in order, so the earliest keep theirs. `status` is absent when no
 * answer arrived (`error` says why).
 */
export function activityRequests(exchanges: readonly SlackExchange[], s: SensitiveSlots): ActivityRequest[] {
  const chosen =
    exchanges.length <= MAX_REQUESTS
      ? exchanges.map((e) => ({ e, gap: false }))
      : [
          ...exchanges.slice(0, MAX_REQUESTS - 1).map((e) => ({ e, gap: false })),
          ...exchanges.slice(-1).map((e) => ({ e, gap: true })),
        ];
  const out: ActivityRequest[] = [];
  let used = 2; // the brackets of the array
  for (const { e, gap } of chosen) {
    let r = toRequest(e, s);
    if (gap) r.truncated = true;
    let size = JSON.stringify(r).length + 1;
    if (used + size > MAX_REQUESTS_CHARS) {
      r = withoutBodies(r);
      size = JSON.stringify(r).length + 1;
    }
    if (used + size > MAX_REQUESTS_CHARS) {
      const last = out.at(-1);
      if (last) last.truncated = true;
      break;
    }
    out.push(r);
    used += size;
  }
  return out;
}
