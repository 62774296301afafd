import { HttpRequest, HttpResponse } from "@azure/functions";
import { timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { OPERATOR_ROLES } from "../../shared/hosting/operatorRoles";
import type { FunctionDefinition } from "../../shared/hosting/registerFunction";
import type { FunctionCounters } from "./FunctionCounters";
import type { HostLogSink } from "./hostLog";
import type { CompiledRoute } from "./routeMatcher";
import { checkLocalRequest } from "./checkLocalRequest";
import { compileRoute } from "./routeMatcher";
import { runInvocation } from "./runInvocation";
import { serializeCookie } from "./serializeCookie";

export type HttpDefinition = Extract<FunctionDefinition, { kind: "http" }>;

export interface HttpFunctionServerOptions {
  port: number;
  /** host.json extensions.http.routePrefix ("api"). */
  routePrefix: string;
  sink: HostLogSink;
  countersFor(name: string): FunctionCounters;
  /** Largest request body accepted (default 100 MB, the Functions host's limit). */
  maxBodyBytes?: number;
  /**
   * When set, every request must carry this token as `?code=` or `x-functions-key` (as a function key would be in
   * Azure): `npm start -- --settings FILE` sets one per run, since the host then acts on a real tenant.
   */
  accessToken?: string;
}

interface Route {
  def: HttpDefinition;
  route: CompiledRoute;
  methods: Set<string>;
  /** Sorting key: routes with more literal text and fewer parameters win, as in ASP.NET routing. */
  params: number;
  literal: number;
}

class BodyTooLarge extends Error {}

/** The cookie that carries the per-run token once a browser opened the printed link. */
const TOKEN_COOKIE = "local_host_token";

/** The local operator's stable id (App Service Authentication gives the Entra object id). */
const LOCAL_OPERATOR_ID = "00000000-0000-0000-0000-00000000001c";

/** The principal the local host vouches for, in App Service Authentication's `x-ms-client-principal` form. */
const LOCAL_OPERATOR_PRINCIPAL = Buffer.from(
  JSON.stringify({
    auth_typ: "local",
    name_typ: "name",
    role_typ: "roles",
    claims: [
      { typ: "name", val: "local operator" },
      { typ: "http://schemas.microsoft.com/identity/claims/objectidentifier", val: LOCAL_OPERATOR_ID },
      { typ: "roles", val: OPERATOR_ROLES.reader },
      { typ: "roles", val: OPERATOR_ROLES.operator },
    ],
  }),
).toString("base64");

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Compares a presented token with the expected one in constant time. */
function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        reject(new BodyTooLarge());
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * One node:http server on 127.0.0.1 serving `/<routePrefix>/<route>` for every HTTP function, converting requests to
 * @azure/functions HttpRequest and the returned HttpResponseInit / HttpResponse back. authLevel is not enforced (the
 * function keys of the real host do not exist locally): the server's own checks (loopback Host and Origin, and the
 * per-run token with real settings) admit the local operator, whom it presents to the sign-in routes as App Service
 * Authentication would (`x-ms-client-principal` with both operator roles; startLocalHost sets WEBSITE_AUTH_ENABLED).
 */
export class HttpFunctionServer {
  private readonly server: Server;
  private readonly routes: Route[];
  private readonly inFlight = new Set<Promise<void>>();
  private port = 0;

  constructor(
    defs: readonly HttpDefinition[],
    private readonly options: HttpFunctionServerOptions,
  ) {
    this.routes = defs
      .map((def) => {
        const params = (def.route.match(/\{/g) ?? []).length;
        return {
          def,
          route: compileRoute(def.route),
          methods: new Set(def.methods.map((m) => m.toUpperCase())),
          params,
          literal: def.route.replace(/\{[^}]*\}/g, "").length,
        };
      })
      .sort((a, b) => a.params - b.params || b.literal - a.literal);
    this.server = createServer((req, res) => {
      const p: Promise<void> = this.handle(req, res).finally(() => this.inFlight.delete(p));
      this.inFlight.add(p);
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen({ host: "127.0.0.1", port: this.options.port }, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Stops accepting connections, waits (up to the deadline) for requests in progress, then drops the rest. */
  async close(deadline: Promise<void>): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    await Promise.race([Promise.all(this.inFlight), deadline]);
    this.server.closeAllConnections();
    await closed;
  }

  private find(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.methods.size > 0 && !route.methods.has(method)) continue;
      const params = route.route.match(path);
      if (params) return { route, params };
    }
    return undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const refused = checkLocalRequest({ host: req.headers.host, origin: req.headers.origin }, this.port);
      if (refused) {
        sendJson(res, 403, { error: "ForeignOrigin", message: refused });
        return;
      }
      const method = (req.method ?? "GET").toUpperCase();
      const requestUrl = new URL(req.url ?? "/", `http://127.0.0.1:${this.port}`);
      const token = this.options.accessToken;
      if (token !== undefined) {
        const inUrl = requestUrl.searchParams.get("code");
        const given = inUrl ?? headerValue(req.headers["x-functions-key"]) ?? readCookie(req, TOKEN_COOKIE);
        if (!sameSecret(given, token)) {
          sendJson(res, 401, {
            error: "Unauthorized",
            message:
              "This local host acts on real settings: pass the access token npm start printed (?code=… or x-functions-key).",
          });
          return;
        }
        if (inUrl !== null && method === "GET" && (req.headers.accept ?? "").includes("text/html")) {
          // A browser opened the printed link: keep the token in a cookie only this host's pages send, and take it
          // out of the address bar (and so of the history), as notebook servers do.
          requestUrl.searchParams.delete("code");
          res.writeHead(303, {
            location: requestUrl.pathname + requestUrl.search,
            "set-cookie": `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`,
            "content-length": 0,
          });
          res.end();
          return;
        }
      }
      const url = new URL(req.url ?? "/", `http://${req.headers.host ?? `127.0.0.1:${this.port}`}`);
      const prefix = this.options.routePrefix ? `/${this.options.routePrefix}` : "";
      const lowerPath = url.pathname.toLowerCase();
      const below =
        prefix === ""
          ? url.pathname
          : lowerPath === prefix.toLowerCase() || lowerPath.startsWith(`${prefix.toLowerCase()}/`)
            ? url.pathname.slice(prefix.length)
            : undefined;
      const found = below === undefined ? undefined : this.find(method, below);
      if (!found) {
        sendJson(res, 404, { error: "NotFound", message: `No function serves ${method} ${url.pathname}.` });
        return;
      }
      let body: Buffer;
      try {
        body = await readBody(req, this.options.maxBodyBytes ?? 100 * 1024 * 1024);
      } catch (e) {
        if (e instanceof BodyTooLarge)
          sendJson(res, 413, { error: "PayloadTooLarge", message: "Request body too large." });
        return;
      }
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) {
        // As App Service Authentication does, never pass on a client's own claim to be someone.
        if (key.startsWith("x-ms-client-principal")) continue;
        if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(", ") : value;
      }
      // Whoever got this far is the local operator: on this machine (Host and Origin checked) and, with real
      // settings, holding the per-run token. The local host stands in for App Service Authentication.
      headers["x-ms-client-principal"] = LOCAL_OPERATOR_PRINCIPAL;
      headers["x-ms-client-principal-id"] = LOCAL_OPERATOR_ID;
      const request = new HttpRequest({
        method,
        url: url.toString(),
        headers,
        params: found.params,
        ...(body.length > 0 ? { body: { bytes: new Uint8Array(body) } } : {}),
      });
      const def = found.route.def;
      const outcome = await runInvocation({
        functionName: def.name,
        trigger: {
          type: "httpTrigger",
          name: "request",
          route: def.route,
          methods: def.methods,
          authLevel: def.authLevel,
        },
        reason: `This function was programmatically called via the host APIs (${method} ${url.pathname}).`,
        sink: this.options.sink,
        counters: this.options.countersFor(def.name),
        call: (context) => def.handler(request, context),
      });
      if (!outcome.ok) {
        res.writeHead(500, { "content-length": 0 });
        res.end();
        return;
      }
      await this.writeResult(res, outcome.result);
    } catch (e) {
      this.options.sink({
        level: "error",
        message: `HTTP request failed: ${e instanceof Error ? e.message : String(e)}`,
      });
      if (!res.headersSent) res.writeHead(500, { "content-length": 0 });
      res.end();
    }
  }

  private async writeResult(res: ServerResponse, result: unknown): Promise<void> {
    if (result === undefined || result === null) {
      res.writeHead(204);
      res.end();
      return;
    }
    if (typeof result !== "object") throw new Error("The HTTP response must be an object (HttpResponseInit).");
    const response = result instanceof HttpResponse ? result : new HttpResponse(result);
    const bytes = Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string | string[]> = {};
    for (const [key, value] of response.headers.entries()) headers[key] = value;
    const cookies = response.cookies.map(serializeCookie);
    if (cookies.length > 0) headers["set-cookie"] = cookies;
    headers["content-length"] = String(bytes.length);
    res.writeHead(response.status, headers);
    res.end(bytes);
  }
}
