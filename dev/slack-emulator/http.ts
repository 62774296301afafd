import type { IncomingMessage, ServerResponse } from "node:http";
import { SCIM_ERROR_SCHEMA } from "./constants";
import type { ScimError } from "./ScimError";

/** What a route answers; the server writes it and the request log records the status. */
export interface Reply {
  status: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as an HTML page instead of a JSON body (the OAuth authorize page's errors). */
  html?: string;
  headers?: Record<string, string>;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.html !== undefined) {
    headers["content-type"] = "text/html; charset=utf-8";
    headers["content-length"] = String(Buffer.byteLength(reply.html));
    res.writeHead(reply.status, headers).end(reply.html);
    return;
  }
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const text = JSON.stringify(reply.body);
  headers["content-type"] = "application/json; charset=utf-8";
  headers["content-length"] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, headers).end(text);
}

/** Slack's v2 error body: `{"schemas":[Error],"detail":"<code> (<ctx>)","status":<number>}`. */
export function v2Error(status: number, detail: string): Reply {
  return { status, body: { schemas: [SCIM_ERROR_SCHEMA], detail, status } };
}

/** Slack's v1 error body: `{"Errors":{"description":"…","code":<status>}}` (also seen on v2 for auth). */
export function v1Error(status: number, description: string): Reply {
  return { status, body: { Errors: { description, code: status } } };
}

export function fromScimError(e: ScimError): Reply {
  const reply = v2Error(e.status, e.detail);
  if (e.retryAfterSeconds !== undefined) reply.headers = { "retry-after": String(e.retryAfterSeconds) };
  return reply;
}

/** Parses a JSON request body; an empty or malformed body is `undefined` (the route decides what that means). */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
