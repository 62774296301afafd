import type { IncomingMessage, ServerResponse } from "node:http";
import { clientRequestId } from "./clientRequestId";
import { DEFAULT_SLACK_APP_ID, DEFAULT_USER_PROPERTIES } from "./constants";
import type { DeltaTokenCodec } from "./DeltaTokenCodec";
import type { DirectoryStore } from "./DirectoryStore";
import { serveDeltaRequest } from "./deltaRequest";
import { graphErrorBody } from "./graphErrorBody";
import { serveGroupReads } from "./groupReadRoutes";
import { groupsDeltaResource } from "./groupsDeltaResource";
import { sendJson } from "./httpUtil";
import { parseSelect } from "./queryParams";
import { readPageSize } from "./readPageSize";
import { renderWithNulls } from "./renderWithNulls";
import { resourceNotFound } from "./resourceNotFound";
import type { SendError } from "./SendError";
import { computeUsersDeltaPage } from "./usersDelta";

export { parseSelect } from "./queryParams";

export interface GraphRouteContext {
  store: DirectoryStore;
  codec: DeltaTokenCodec;
  /** http://127.0.0.1:PORT (no trailing slash, no version). */
  baseUrl: () => string;
  deltaPageSize: number;
  /** members@delta entries per groups/delta page. */
  deltaLinksPerPage: number;
  assignmentsPageSize: number;
}

/** Answers one authenticated GET under /v1.0. */
export function handleGraphRequest(
  ctx: GraphRouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
): void {
  const headers = { "request-id": requestId, "client-request-id": clientRequestId(req, requestId) };
  const error: SendError = (status, code, message, extra = {}) =>
    sendJson(res, status, graphErrorBody(code, message, requestId, headers["client-request-id"]), {
      ...headers,
      ...extra,
    });
  const path = url.pathname.replace(/\/+$/, "");
  if (req.method !== "GET") {
    error(405, "Request_BadRequest", `The HTTP method '${req.method ?? ""}' is not supported by the emulator.`);
    return;
  }
  const v = `${ctx.baseUrl()}/v1.0`;
  let m: RegExpExecArray | null;

  if (/^\/v1\.0\/users\/(delta|microsoft\.graph\.delta|delta\(\))$/i.test(path)) {
    serveDeltaRequest(ctx, req, res, url, error, headers, {
      resource: "users",
      defaultSelect: DEFAULT_USER_PROPERTIES,
      computePage: (window, minimal) => computeUsersDeltaPage(ctx.store, window, ctx.deltaPageSize, minimal),
    });
    return;
  }
  if (/^\/v1\.0\/groups\/(delta|microsoft\.graph\.delta|delta\(\))$/i.test(path)) {
    serveDeltaRequest(ctx, req, res, url, error, headers, groupsDeltaResource(ctx));
    return;
  }
  if (serveGroupReads(ctx.store, v, res, path, url, error, headers)) return;
  if ((m = /^\/v1\.0\/users\/([^/]+)$/.exec(path))) {
    const key = decodeURIComponent(m[1] ?? "");
    const user = ctx.store.findUser(key);
    if (!user || user.deletedDateTime !== null) {
      resourceNotFound(error, key);
      return;
    }
    const select = parseSelect(url.searchParams.get("$select"));
    const props = select ?? DEFAULT_USER_PROPERTIES;
    const body: Record<string, unknown> = {
      "@odata.context": `${v}/$metadata#users${select ? `(${select.join(",")})` : ""}/$entity`,
      ...renderWithNulls(user, props),
    };
    sendJson(res, 200, body, headers);
    return;
  }
  if ((m = /^\/v1\.0\/servicePrincipals\/([^/]+)(\/appRoleAssignedTo)?$/i.exec(path))) {
    const spId = decodeURIComponent(m[1] ?? "");
    if (spId.toLowerCase() !== ctx.store.servicePrincipalId.toLowerCase()) {
      resourceNotFound(error, spId);
      return;
    }
    if (!m[2]) {
      const sp: Record<string, unknown> = {
        id: ctx.store.servicePrincipalId,
        deletedDateTime: null,
        accountEnabled: true,
        appId: DEFAULT_SLACK_APP_ID,
        appDisplayName: ctx.store.servicePrincipalDisplayName,
        displayName: ctx.store.servicePrincipalDisplayName,
        appRoleAssignmentRequired: true,
        servicePrincipalType: "Application",
        appRoles: ctx.store.appRoles.map((r) => ({
          ...r,
          allowedMemberTypes: ["User"],
          description: r.displayName,
          origin: "Application",
        })),
      };
      const select = parseSelect(url.searchParams.get("$select"));
      const picked = select ? Object.fromEntries(select.map((p) => [p, sp[p] ?? null])) : sp;
      sendJson(
        res,
        200,
        { "@odata.context": `${v}/$metadata#servicePrincipals/$entity`, ...picked, id: sp.id },
        headers,
      );
      return;
    }
    const top = readPageSize(url, ctx.assignmentsPageSize, error);
    if (top === undefined) return;
    const cursor = parseCursor(url.searchParams.get("$skiptoken"));
    if (cursor === undefined) {
      error(
        400,
        "Directory_ExpiredPageToken",
        "The specified page token value has expired and can no longer be included in your request.",
      );
      return;
    }
    const page = ctx.store.assignmentsAfter(cursor, top);
    const select = parseSelect(url.searchParams.get("$select"));
    const items = select
      ? page.items.map((a) =>
          Object.fromEntries(["id", ...select].map((p) => [p, (a as unknown as Record<string, unknown>)[p] ?? null])),
        )
      : page.items;
    const body: Record<string, unknown> = {
      "@odata.context": `${v}/$metadata#servicePrincipals('${ctx.store.servicePrincipalId}')/appRoleAssignedTo`,
    };
    if (page.more) {
      const sel = select ? `$select=${select.join(",")}&` : "";
      body["@odata.nextLink"] =
        `${v}/servicePrincipals/${ctx.store.servicePrincipalId}/appRoleAssignedTo?${sel}$top=${top}&$skiptoken=${encodeCursor(page.last)}`;
    }
    body.value = items;
    sendJson(res, 200, body, headers);
    return;
  }
  if (/^\/v1\.0\/directory\/deletedItems\/microsoft\.graph\.user$/i.test(path)) {
    const top = readPageSize(url, 100, error);
    if (top === undefined) return;
    const after = url.searchParams.get("$skiptoken");
    const afterId = after ? Buffer.from(after, "base64url").toString("utf8") : "";
    const deleted = ctx.store.allUsers().filter((u) => u.deletedDateTime !== null && u.id > afterId);
    const page = deleted.slice(0, top);
    const select = parseSelect(url.searchParams.get("$select"));
    const body: Record<string, unknown> = { "@odata.context": `${v}/$metadata#directoryObjects/microsoft.graph.user` };
    if (deleted.length > top) {
      const last = page[page.length - 1]?.id ?? "";
      body["@odata.nextLink"] =
        `${v}/directory/deletedItems/microsoft.graph.user?$top=${top}&$skiptoken=${Buffer.from(last).toString("base64url")}`;
    }
    body.value = page.map((u) => ({
      "@odata.type": "#microsoft.graph.user",
      ...renderWithNulls(u, select ?? [...DEFAULT_USER_PROPERTIES, "deletedDateTime"]),
    }));
    sendJson(res, 200, body, headers);
    return;
  }
  // GET /directory/deletedItems/{id}: one soft-deleted object (users here), 404 once it is purged or was never deleted.
  if ((m = /^\/v1\.0\/directory\/deletedItems\/([^/]+)$/i.exec(path))) {
    const key = decodeURIComponent(m[1] ?? "");
    const user = ctx.store.findUser(key);
    if (!user || user.id !== key || user.deletedDateTime === null) {
      resourceNotFound(error, key);
      return;
    }
    const select = parseSelect(url.searchParams.get("$select"));
    sendJson(
      res,
      200,
      {
        "@odata.context": `${v}/$metadata#directoryObjects/$entity`,
        "@odata.type": "#microsoft.graph.user",
        ...renderWithNulls(user, select ?? [...DEFAULT_USER_PROPERTIES, "deletedDateTime"]),
      },
      headers,
    );
    return;
  }
  if (/^\/v1\.0\/directory\/deletedItems$/i.test(path)) {
    error(
      400,
      "Request_BadRequest",
      "The request must include a type cast, e.g. /directory/deletedItems/microsoft.graph.user.",
    );
    return;
  }
  const segment = path.split("/").pop() ?? "";
  error(400, "BadRequest", `Resource not found for the segment '${segment}'.`);
}

function parseCursor(raw: string | null): number | undefined {
  if (raw === null) return 0;
  const n = Number(Buffer.from(raw, "base64url").toString("utf8").replace(/^c/, ""));
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function encodeCursor(n: number): string {
  return Buffer.from(`c${n}`).toString("base64url");
}
