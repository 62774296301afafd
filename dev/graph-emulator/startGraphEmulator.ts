import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AccessTokenIssuer } from "./AccessTokenIssuer";
import { handleAdminRequest } from "./adminRoutes";
import { ChangeNotifications } from "./ChangeNotifications";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_DELTA_LINKS_PER_PAGE,
  DEFAULT_DELTA_TOKEN_LIFETIME_MS,
  DEFAULT_SERVICE_PRINCIPAL_ID,
  DEFAULT_TENANT_ID,
} from "./constants";
import { DeltaTokenCodec } from "./DeltaTokenCodec";
import { DirectoryStore } from "./DirectoryStore";
import { EmulatorDirectory } from "./EmulatorDirectory";
import { FaultInjector } from "./FaultInjector";
import type { NotificationSettings } from "./NotificationSettings";
import { graphErrorBody, newRequestId } from "./graphErrorBody";
import { handleGraphRequest } from "./graphRoutes";
import { RandomFaults } from "./RandomFaults";
import { readBody, sendJson } from "./httpUtil";
import { RequestLog } from "./RequestLog";
import { ResourceUnitBucket, resourceUnitCost } from "./ResourceUnitBucket";
import { handleSubscriptionRequest, isSubscriptionPath } from "./subscriptionRoutes";

export interface GraphEmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  tenantId?: string;
  clientId?: string;
  /** The client secret the token endpoint accepts. */
  clientSecret?: string;
  /** Object id of the Slack app's service principal (default DEFAULT_SERVICE_PRINCIPAL_ID). */
  servicePrincipalId?: string;
  /** Users per users/delta page (default 100). */
  deltaPageSize?: number;
  /** members@delta entries per groups/delta page, over all its groups (default 500); larger groups span pages. */
  deltaLinksPerPage?: number;
  /** Default $top of appRoleAssignedTo (default 100). */
  assignmentsPageSize?: number;
  /** RU token bucket per 10 s: false/undefined = off; true = 5,000 RU (a 50–500 user tenant); or a capacity. */
  throttling?: boolean | { resourceUnitsPer10s: number };
  /** Lifetime of delta and skip tokens (default 7 days). */
  tokenLifetimeMs?: number;
  /** Change notification delivery (see NotificationSettings; also settable later through the admin API). */
  notifications?: Partial<NotificationSettings>;
}

export interface GraphEmulator {
  /** The Graph root, e.g. http://127.0.0.1:PORT (no version segment). */
  readonly url: string;
  /** Token authority host for the credential: the same as url (token path /{tenant}/oauth2/v2.0/token). */
  readonly authorityHost: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly servicePrincipalId: string;
  /** In-process admin API (same operations as /_admin). */
  readonly directory: EmulatorDirectory;
  close(): Promise<void>;
}

/** Starts the Microsoft Graph emulator on 127.0.0.1 and resolves once it listens. */
export async function startGraphEmulator(options: GraphEmulatorOptions = {}): Promise<GraphEmulator> {
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const servicePrincipalId = options.servicePrincipalId ?? DEFAULT_SERVICE_PRINCIPAL_ID;
  const store = new DirectoryStore(servicePrincipalId);
  const codec = new DeltaTokenCodec(options.tokenLifetimeMs ?? DEFAULT_DELTA_TOKEN_LIFETIME_MS);
  const faults = new FaultInjector();
  const requests = new RequestLog();
  const tokens = new AccessTokenIssuer(tenantId, clientId, clientSecret);
  const randomFaults = new RandomFaults();
  const notifications = new ChangeNotifications({ tenantId, applicationId: clientId, settings: options.notifications });
  store.log.onAppend((entry) => notifications.onChange(entry));
  const directory = new EmulatorDirectory(store, codec, faults, requests, tokens, randomFaults, notifications);
  const bucket =
    options.throttling === true
      ? new ResourceUnitBucket(5000)
      : options.throttling
        ? new ResourceUnitBucket(options.throttling.resourceUnitsPer10s)
        : undefined;
  let baseUrl = "";
  const timers = new Set<NodeJS.Timeout>();
  const ctx = {
    store,
    codec,
    baseUrl: () => baseUrl,
    deltaPageSize: positive(options.deltaPageSize, 100),
    deltaLinksPerPage: positive(options.deltaLinksPerPage, DEFAULT_DELTA_LINKS_PER_PAGE),
    assignmentsPageSize: Math.min(999, positive(options.assignmentsPageSize, 100)),
  };

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", baseUrl);
    if (url.pathname.startsWith("/_admin/")) {
      await handleAdminRequest(directory, req, res, url);
      return;
    }
    const method = req.method ?? "GET";
    const requestId = newRequestId();
    res.on("finish", () =>
      requests.add({ method, path: url.pathname + url.search, status: res.statusCode, at: new Date().toISOString() }),
    );
    const isApi = url.pathname.startsWith("/v1.0/") || url.pathname === "/v1.0";
    const scripted = faults.take(method, url.pathname + url.search);
    const fault = scripted ?? (isApi ? randomFaults.draw() : undefined);
    if (fault?.hangMs) await (scripted ? wait(fault.hangMs) : randomFaults.hang(fault.hangMs, wait));
    if (res.destroyed) return;
    if (fault?.status) {
      const headers: Record<string, string> = { "request-id": requestId };
      if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
      sendJson(res, fault.status, faultBody(fault.status, requestId), headers);
      return;
    }

    const tokenPath = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (tokenPath) {
      if (method !== "POST") {
        sendJson(res, 405, {
          error: "invalid_request",
          error_description: "AADSTS900561: The endpoint only accepts POST requests.",
        });
        return;
      }
      const form = new URLSearchParams(await readBody(req));
      const result = tokens.token(decodeURIComponent(tokenPath[1] ?? ""), form);
      sendJson(res, result.status, result.body, { "cache-control": "no-store, no-cache" });
      return;
    }

    if (isApi) {
      const authProblem = tokens.check(req.headers.authorization);
      if (authProblem) {
        sendJson(res, 401, graphErrorBody("InvalidAuthenticationToken", authProblem, requestId), {
          "request-id": requestId,
          "www-authenticate":
            'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
        });
        return;
      }
      const cost = resourceUnitCost(url.pathname, url.searchParams.has("$select"));
      res.setHeader("x-ms-resource-unit", String(cost));
      if (bucket) {
        const retryAfter = bucket.take(cost);
        if (retryAfter > 0) {
          sendJson(res, 429, faultBody(429, requestId), {
            "request-id": requestId,
            "retry-after": String(retryAfter),
            "x-ms-throttle-scope": `Tenant_Application/ReadOnly/${clientId}/${tenantId}`,
            "x-ms-throttle-information": "ResourceUnitLimitExceeded",
          });
          return;
        }
      }
      if (isSubscriptionPath(url.pathname)) {
        await handleSubscriptionRequest(notifications, `${baseUrl}/v1.0`, req, res, url, requestId);
        return;
      }
      handleGraphRequest(ctx, req, res, url, requestId);
      return;
    }
    sendJson(res, 404, graphErrorBody("NotFound", `No route for ${url.pathname}`, requestId), {
      "request-id": requestId,
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const msg = e instanceof Error ? e.message : String(e);
      sendJson(res, 500, graphErrorBody("InternalServerError", `Emulator error: ${msg}`, newRequestId()));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    authorityHost: baseUrl,
    tenantId,
    clientId,
    clientSecret,
    servicePrincipalId,
    directory,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        notifications.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function positive(v: number | undefined, fallback: number): number {
  return v !== undefined && Number.isInteger(v) && v > 0 ? v : fallback;
}

function faultBody(status: number, requestId: string): ReturnType<typeof graphErrorBody> {
  switch (status) {
    case 429:
      return graphErrorBody("TooManyRequests", "Please retry again later.", requestId, requestId, {
        code: "429",
        message: "Please retry after",
        status: "429",
      });
    case 500:
      return graphErrorBody("InternalServerError", "An internal server error occurred.", requestId);
    case 502:
      return graphErrorBody("BadGateway", "Bad gateway.", requestId);
    case 503:
      return graphErrorBody(
        "serviceNotAvailable",
        "The service is temporarily unavailable. Please try again later.",
        requestId,
      );
    case 504:
      return graphErrorBody("GatewayTimeout", "The gateway did not receive a timely response.", requestId);
    default:
      return graphErrorBody("Request_BadRequest", `Injected fault with status ${status}.`, requestId);
  }
}
