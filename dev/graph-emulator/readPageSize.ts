import { parseTop } from "./queryParams";
import type { SendError } from "./SendError";

/** The request's $top (or `fallback` without one); undefined after answering 400 for a value outside 1..999. */
export function readPageSize(url: URL, fallback: number, error: SendError): number | undefined {
  const raw = url.searchParams.get("$top");
  const top = parseTop(raw, fallback);
  if (top === undefined) {
    error(
      400,
      "Request_BadRequest",
      `Invalid page size specified: '${raw ?? ""}'. Must be between 1 and 999 inclusive.`,
    );
  }
  return top;
}
