import type { Context } from "@microsoft/microsoft-graph-client";

/** The URL of a Graph client middleware context (its request is a URL string or a fetch Request). */
export function requestUrlOf(context: Context): string {
  // RequestInfo is a DOM type this project does not load, so inspect the value instead of trusting its type.
  const request: unknown = context.request;
  if (typeof request === "string") return request;
  if (request && typeof request === "object" && typeof (request as { url?: unknown }).url === "string") {
    return (request as { url: string }).url;
  }
  throw new Error("The Graph request has no URL.");
}
