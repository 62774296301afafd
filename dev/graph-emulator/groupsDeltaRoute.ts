import type { IncomingMessage, ServerResponse } from "node:http";
import { DEFAULT_GROUP_PROPERTIES } from "./constants";
import type { DeltaState } from "./DeltaTokenCodec";
import type { GraphRouteContext } from "./graphRoutes";
import type { GroupsDeltaWindow } from "./groupsDelta";
import { computeGroupsDeltaPage } from "./groupsDelta";
import { sendJson } from "./httpUtil";
import { parseIdFilter, parseSelect } from "./queryParams";

type SendError = (status: number, code: string, message: string, extra?: Record<string, string>) => void;

const SYNC_STATE_NOT_FOUND =
  "The sync state generation is not found. The delta token is expired and data must be synchronized again.";

/**
 * GET /v1.0/groups/delta (also /groups/microsoft.graph.delta and /groups/delta()): $select (with "members" for
 * members@delta; no $select tracks the default properties and members), $expand=members as an alias, $filter by id,
 * $deltatoken=latest, Prefer: return=minimal, and the same expiry (400 syncStateNotFound) and reset (410 + Location)
 * behaviour as users/delta.
 */
export function serveGroupsDelta(
  ctx: GraphRouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  error: SendError,
  headers: Record<string, string>,
): void {
  const v = `${ctx.baseUrl()}/v1.0`;
  const q = url.searchParams;
  const skip = q.get("$skiptoken");
  const deltaToken = q.get("$deltatoken");
  let selectParam = parseSelect(q.get("$select"));
  if (skip !== null && selectParam) {
    error(400, "Request_UnsupportedQuery", "$select is not supported together with $skiptoken.");
    return;
  }
  if (/(^|,)\s*members\s*($|,)/i.test(q.get("$expand") ?? "") && selectParam && !selectParam.includes("members")) {
    selectParam = [...selectParam, "members"];
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
  const defaultSelect = [...DEFAULT_GROUP_PROPERTIES, "members"];
  const token = skip ?? (deltaToken === "latest" || deltaToken === "" ? null : deltaToken);
  let window: GroupsDeltaWindow;
  let announceSelect = false;

  if (deltaToken === "latest") {
    const link = ctx.codec.encode({
      resource: "groups",
      kind: "delta",
      since: latest,
      upTo: latest,
      initial: false,
      select: selectParam ?? defaultSelect,
      ids,
    });
    sendJson(
      res,
      200,
      {
        "@odata.context": `${v}/$metadata#groups`,
        "@odata.deltaLink": `${v}/groups/delta?$deltatoken=${link}`,
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
        const location = `${v}/groups/delta?${sel.length > 0 ? `$select=${sel.join(",")}&` : ""}$deltatoken=`;
        error(410, "resyncRequired", "The delta token is no longer valid, and the app must reset the sync state.", {
          location,
        });
      } else {
        error(400, "syncStateNotFound", SYNC_STATE_NOT_FOUND);
      }
      return;
    }
    const s: DeltaState = decoded.state;
    if (s.resource !== "groups" || (skip !== null) !== (s.kind === "skip")) {
      error(400, "syncStateNotFound", SYNC_STATE_NOT_FOUND);
      return;
    }
    window =
      s.kind === "skip"
        ? { since: s.since, upTo: s.upTo, initial: s.initial, select: s.select, ids: s.ids, cursor: s.cursor }
        : { since: s.since, upTo: latest, initial: false, select: selectParam ?? s.select, ids: s.ids };
  } else {
    window = { since: 0, upTo: latest, initial: true, select: selectParam ?? defaultSelect, ids };
    announceSelect = selectParam !== undefined;
  }

  const page = computeGroupsDeltaPage(
    ctx.store,
    window,
    { pageSize: ctx.deltaPageSize, linksPerPage: ctx.deltaLinksPerPage },
    minimal,
  );
  const body: Record<string, unknown> = {
    "@odata.context": `${v}/$metadata#groups${announceSelect ? `(${window.select.join(",")})` : ""}`,
  };
  const base = {
    resource: "groups" as const,
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
    body["@odata.nextLink"] = `${v}/groups/delta?$skiptoken=${t}`;
  } else {
    const t = ctx.codec.encode({ ...base, kind: "delta", since: window.upTo, upTo: window.upTo, initial: false });
    body["@odata.deltaLink"] = `${v}/groups/delta?$deltatoken=${t}`;
  }
  body.value = page.items;
  sendJson(res, 200, body, minimal ? { ...headers, "preference-applied": "return=minimal" } : headers);
}
