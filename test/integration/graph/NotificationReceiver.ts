import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the receiver got. */
export interface ReceivedRequest {
  method: string;
  path: string;
  /** The raw query string (without "?"), to check how the validation token was encoded. */
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}

/** How to answer a request: status, content type, body, and an optional delay before answering. */
export interface Reply {
  status: number;
  contentType?: string;
  body?: string;
  delayMs?: number;
}

/** Decides the reply for a request; `n` counts the requests to the same path (1-based), validations included. */
export type Responder = (req: ReceivedRequest, n: number) => Reply;

/** The answer a well-behaved webhook gives: the decoded token for a validation request, else 202 Accepted. */
export const wellBehaved: Responder = (req) => {
  const token = req.query.get("validationToken");
  if (token !== null) return { status: 200, contentType: "text/plain; charset=utf-8", body: token };
  return { status: 202 };
};

/**
 * A tiny loopback webhook for tests: records every request, answers per path (wellBehaved unless told otherwise),
 * and splits what it got into validation requests, change notifications and lifecycle notifications.
 */
export class NotificationReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly responders = new Map<string, Responder>();
  private readonly counts = new Map<string, number>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<NotificationReceiver> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const receiver = new NotificationReceiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      void receiver.handle(req, res);
    });
    return receiver;
  }

  url(path: string): string {
    return this.baseUrl + path;
  }

  /** Answers requests to `path` with `responder` from now on. */
  on(path: string, responder: Responder): void {
    this.responders.set(path, responder);
  }

  validations(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path && r.query.has("validationToken"));
  }

  /** The notification POSTs to `path` (validation requests excluded), in arrival order. */
  posts(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path && !r.query.has("validationToken"));
  }

  /** Every item of every notification POST to `path`. */
  items(path: string): Record<string, unknown>[] {
    return this.posts(path).flatMap((r) => (JSON.parse(r.body) as { value: Record<string, unknown>[] }).value);
  }

  close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", this.baseUrl);
    const received: ReceivedRequest = {
      method: req.method ?? "",
      path: url.pathname,
      rawQuery: (req.url ?? "").split("?")[1] ?? "",
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
      at: Date.now(),
    };
    this.requests.push(received);
    const n = (this.counts.get(url.pathname) ?? 0) + 1;
    this.counts.set(url.pathname, n);
    const reply = (this.responders.get(url.pathname) ?? wellBehaved)(received, n);
    const send = (): void => {
      if (res.destroyed || res.writableEnded) return;
      const headers: Record<string, string> = {};
      if (reply.contentType) headers["content-type"] = reply.contentType;
      res.writeHead(reply.status, headers);
      res.end(reply.body ?? "");
    };
    if (reply.delayMs) {
      const t = setTimeout(() => {
        this.timers.delete(t);
        send();
      }, reply.delayMs);
      this.timers.add(t);
    } else {
      send();
    }
  }
}
