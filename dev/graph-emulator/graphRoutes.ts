import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_SLACK_APP_ID, DEFAULT_USER_PROPERTIES } from "./constants";
import type { DeltaState, DeltaTokenCodec } from "./DeltaTokenCodec";
import type { DirectoryStore, StoredUser } from "./DirectoryStore";
import { graphErrorBody } from "./graphErrorBody";
import { serveGroupReads } from "./groupReadRoutes";
import { serveGroupsDelta } from "./groupsDeltaRoute";
import { sendJson } from "./httpUtil";
import { parseIdFilter, parseSelect, parseTop } from "./queryParams";
import { computeUsersDeltaPage, render } from "./usersDelta";
import type { UsersDeltaWindow } from "./usersDelta";

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

const SYNC_STATE_NOT_FOUND =
  "The sync state generation is not found. The delta token is expired and data must be synchronized again.";

/** Answers one authenticated GET under /v1.0. */
export function handleGraphRequest(
  ctx: GraphRouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
): void {
  const headers = { "request-id": requestId, "client-request-id": clientRequestId(req, requestId) };
  const error = (status: number, code: string, message: string, extra: Record<string, string> = {}): void =>
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
    usersDelta(ctx, req, res, url, error, headers);
    return;
  }
  if (/^\/v1\.0\/groups\/(delta|microsoft\.graph\.delta|delta\(\))$/i.test(path)) {
    serveGroupsDelta(ctx, req, res, url, error, headers);
    return;
  }
  if (serveGroupReads(ctx.store, v, res, path, url, error, headers)) return;
  if ((m = /^\/v1\.0\/users\/([^/]+)$/.exec(path))) {
    const key = decodeURIComponent(m[1] ?? "");
    const user = ctx.store.findUser(key);
    if (!user || user.deletedDateTime !== null) {
      error(
        404,
        "Request_ResourceNotFound",
        `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
      );
      return;
    }
    const select = parseSelect(url.searchParams.get("$select"));
    const props = select ?? DEFAULT_USER_PROPERTIES;
    const body: Record<string, unknown> = {
      "@odata.context": `${v}/$metadata#users${select ? `(${select.join(",")})` : ""}/$entity`,
      ...withNulls(user, props),
    };
    sendJson(res, 200, body, headers);
    return;
  }
  if ((m = /^\/v1\.0\/servicePrincipals\/([^/]+)(\/appRoleAssignedTo)?$/i.exec(path))) {
    const spId = decodeURIComponent(m[1] ?? "");
    if (spId.toLowerCase() !== ctx.store.servicePrincipalId.toLowerCase()) {
      error(
        404,
        "Request_ResourceNotFound",
        `Resource '${spId}' does not exist or one of its queried reference-property objects are not present.`,
      );
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
        appRoles: [],
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
    const top = parseTop(url.searchParams.get("$top"), ctx.assignmentsPageSize);
    if (top === undefined) {
      error(
        400,
        "Request_BadRequest",
        `Invalid page size specified: '${url.searchParams.get("$top") ?? ""}'. Must be between 1 and 999 inclusive.`,
      );
      return;
    }
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
    const top = parseTop(url.searchParams.get("$top"), 100);
    if (top === undefined) {
      error(
        400,
        "Request_BadRequest",
        `Invalid page size specified: '${url.searchParams.get("$top") ?? ""}'. Must be between 1 and 999 inclusive.`,
      );
      return;
    }
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
      ...withNulls(u, select ?? [...DEFAULT_USER_PROPERTIES, "deletedDateTime"]),
    }));
    sendJson(res, 200, body, headers);
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

function usersDelta(
  ctx: GraphRouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  error: (status: number, code: string, message: string, extra?: Record<string, string>) => void,
  headers: Record<string, string>,
): void {
  const v = `${ctx.baseUrl()}/v1.0`;
  const q = url.searchParams;
  const skip = q.get("$skiptoken");
  const deltaToken = q.get("$deltatoken");
  const selectParam = parseSelect(q.get("$select"));
  if (skip !== null && selectParam) {
    error(400, "Request_UnsupportedQuery", "$select is not supported together with $skiptoken.");
    return;
  }
  const filter = q.get("$filter");
  let ids: string[] | undefined;
  if (filter !== null) {
    ids = parseIdFilter(filter);
    if (!ids) {
      error(400, "Request_UnsupportedQuery", "Unsupported Query.");
      return;
    }
  }
  const latest = ctx.store.log.latestSeq;
  const prefer = req.headers.prefer;
  const minimal = /return=minimal/i.test(Array.isArray(prefer) ? prefer.join(",") : (prefer ?? ""));
  const token = skip ?? (deltaToken === "latest" || deltaToken === "" ? null : deltaToken);
  let window: UsersDeltaWindow;
  let announceSelect = false;

  if (deltaToken === "latest") {
    const select = selectParam ?? [...DEFAULT_USER_PROPERTIES];
    const link = ctx.codec.encode({
      resource: "users",
      kind: "delta",
      since: latest,
      upTo: latest,
      initial: false,
      select,
      ids,
    });
    sendJson(
      res,
      200,
      {
        "@odata.context": `${v}/$metadata#users`,
        "@odata.deltaLink": `${v}/users/delta?$deltatoken=${link}`,
        value: [],
      },
      headers,
    );
    return;
  }
  if (token !== null) {
    const decoded = ctx.codec.decode(token);
    if (!decoded.ok) {
      if (decoded.reason === "reset") {
        const sel = decoded.state?.select ?? [];
        const location = `${v}/users/delta?${sel.length > 0 ? `$select=${sel.join(",")}&` : ""}$deltatoken=`;
        error(410, "resyncRequired", "The delta token is no longer valid, and the app must reset the sync state.", {
          location,
        });
      } else {
        error(400, "syncStateNotFound", SYNC_STATE_NOT_FOUND);
      }
      return;
    }
    const s: DeltaState = decoded.state;
    if (s.resource !== "users" || (skip !== null) !== (s.kind === "skip")) {
      error(400, "syncStateNotFound", SYNC_STATE_NOT_FOUND);
      return;
    }
    window =
      s.kind === "skip"
        ? { since: s.since, upTo: s.upTo, initial: s.initial, select: s.select, ids: s.ids, cursor: s.cursor }
        : { since: s.since, upTo: latest, initial: false, select: selectParam ?? s.select, ids: s.ids };
  } else {
    window = { since: 0, upTo: latest, initial: true, select: selectParam ?? [...DEFAULT_USER_PROPERTIES], ids };
    announceSelect = selectParam !== undefined;
  }

  const page = computeUsersDeltaPage(ctx.store, window, ctx.deltaPageSize, minimal);
  const body: Record<string, unknown> = {
    "@odata.context": `${v}/$metadata#users${announceSelect ? `(${window.select.join(",")})` : ""}`,
  };
  const base = {
    resource: "users" as const,
    select: [...window.select],
    ids: window.ids ? [...window.ids] : undefined,
  };
  if (page.more) {
    const t = ctx.codec.encode({
      ...base,
      kind: "skip",
      since: window.since,
      upTo: window.upTo,
      initial: window.initial,
      cursor: page.cursor,
    });
    body["@odata.nextLink"] = `${v}/users/delta?$skiptoken=${t}`;
  } else {
    const t = ctx.codec.encode({ ...base, kind: "delta", since: window.upTo, upTo: window.upTo, initial: false });
    body["@odata.deltaLink"] = `${v}/users/delta?$deltatoken=${t}`;
  }
  body.value = page.items;
  sendJson(res, 200, body, minimal ? { ...headers, "preference-applied": "return=minimal" } : headers);
}

function clientRequestId(req: IncomingMessage, fallback: string): string {
  const h = req.headers["client-request-id"];
  return typeof h === "string" && h ? h : fallback;
}

function parseCursor(raw: string | null): number | undefined {
  if (raw === null) return 0;
  const n = Number(Buffer.from(raw, "base64url").toString("utf8").replace(/^c/, ""));
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

function encodeCursor(n: number): string {
  return Buffer.from(`c${n}`).toString("base64url");
}

/** Selected properties of a single read: never-set ones come back as null (as GET /users/{id} does). */
function withNulls(user: StoredUser, props: readonly string[]): Record<string, unknown> {
  const r = render(user, props, undefined);
  for (const p of props) if (!(p in r)) r[p] = null;
  return r;
}
