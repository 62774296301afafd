import type { IncomingMessage } from "node:http";

/** The caller's client-request-id header, echoed as Graph does, or `fallback` (the request-id) when absent. */
export function clientRequestId(req: IncomingMessage, fallback: string): string {
  const h = req.headers["client-request-id"];
  return typeof h === "string" && h ? h : fallback;
}
