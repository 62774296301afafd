import { randomUUID } from "node:crypto";
import { GraphProblem } from "./GraphProblem";
import { httpStatusName } from "./httpStatusName";

const FAILED = "Subscription validation request failed.";

/**
 * The validation token Graph sends: readable text (with spaces and colons), not an opaque string, so an endpoint that
 * does not URL-decode the query parameter fails as it would against Graph.
 */
export function newValidationToken(): string {
  return `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
}

/** Encodes the token as .NET's HttpUtility.UrlEncode does (spaces as "+", lower-case escapes). */
export function encodeValidationToken(token: string): string {
  return encodeURIComponent(token)
    .replace(/%20/g, "+")
    .replace(/%[0-9A-F]{2}/g, (s) => s.toLowerCase());
}

/**
 * Graph's validation of a notification endpoint: POST {url}?validationToken={token} (text/plain, empty body); the
 * endpoint must answer 200 OK, Content-Type text/plain and exactly the decoded token within `timeoutMs`. Resolves when
 * it did, else throws the GraphProblem Graph answers the create request with.
 */
export async function validateNotificationEndpoint(
  url: string,
  timeoutMs: number,
  closing: AbortSignal,
): Promise<void> {
  const token = newValidationToken();
  const target = `${url}${url.includes("?") ? "&" : "?"}validationToken=${encodeValidationToken(token)}`;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onClose = (): void => controller.abort();
  closing.addEventListener("abort", onClose, { once: true });
  try {
    let status: number;
    let contentType: string;
    let text: string;
    try {
      const res = await fetch(target, {
        method: "POST",
        headers: { "content-type": "text/plain; charset=utf-8" },
        body: "",
        redirect: "manual",
        signal: controller.signal,
      });
      status = res.status;
      contentType = res.headers.get("content-type") ?? "";
      text = await res.text();
    } catch {
      if (timedOut) throw new GraphProblem(400, "InvalidRequest", "Subscription validation request timed out.");
      throw new GraphProblem(
        400,
        "ValidationError",
        `${FAILED} Notification endpoint must respond with 200 OK to validation request.`,
      );
    }
    if (status !== 200) {
      throw new GraphProblem(
        400,
        "ValidationError",
        `${FAILED} HTTP status code is '${httpStatusName(status)}'. Notification endpoint must respond with 200 OK to validation request.`,
      );
    }
    if ((contentType.split(";")[0] ?? "").trim().toLowerCase() !== "text/plain") {
      throw new GraphProblem(
        400,
        "ValidationError",
        `${FAILED} Content-Type of the response must be 'text/plain', not '${contentType}'.`,
      );
    }
    if (text !== token) {
      throw new GraphProblem(
        400,
        "ValidationError",
        `${FAILED} Response must exactly match validationToken query parameter.`,
      );
    }
  } finally {
    clearTimeout(timer);
    closing.removeEventListener("abort", onClose);
  }
}
