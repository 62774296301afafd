import type { IncomingMessage, ServerResponse } from "node:http";
import type { DirectoryResource } from "./ChangeLog";
import type { DeltaPage, DeltaWindow } from "./DeltaPage";
import type { DeltaState } from "./DeltaTokenCodec";
import type { GraphRouteContext } from "./graphRoutes";
import { sendJson } from "./httpUtil";
import { parseIdFilter, parseSelect } from "./queryParams";
import type { SendError } from "./SendError";

/** What users/delta and groups/delta do differently. */
export interface DeltaResource {
  resource: DirectoryResource;
  /** Properties a round tracks when its first request has no $select. */
  defaultSelect: readonly string[];
  /** Rewrites the request's $select (called after the $skiptoken check), e.g. for an alias such as $expand. */
  adjustSelect?: (select: string[] | undefined, query: URLSearchParams) => string[] | undefined;
  computePage: (window: DeltaWindow, minimal: boolean) => DeltaPage;
}

const SYNC_STATE_NOT_FOUND =
  "The sync state generation is not found. The delta token is expired and data must be synchronized again.";

/**
 * GET /v1.0/{users|groups}/delta: $select, $filter by id, $skiptoken/$deltatoken (signed tokens carrying the round),
 * $deltatoken=latest, Prefer: return=minimal, expiry (400 syncStateNotFound) and reset (410 resyncRequired + Location).
 */
export function serveDeltaRequest(
  ctx: GraphRouteContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  error: SendError,
  headers: Record<string, string>,
  spec: DeltaResource,
): void {
  const { resource } = spec;
  const v = `${ctx.baseUrl()}/v1.0`;
  const q = url.searchParams;
  const skip = q.get("$skiptoken");
  const deltaToken = q.get("$deltatoken");
  let selectParam = parseSelect(q.get("$select"));
  if (skip !== null && selectParam) {
    error(400, "Request_UnsupportedQuery", "$select is not supported together with $skiptoken.");
    return;
  }
  if (spec.adjustSelect) selectParam = spec.adjustSelect(selectParam, q);
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
  let window: DeltaWindow;
  let announceSelect = false;

  if (deltaToken === "latest") {
    const link = ctx.codec.encode({
      resource,
      kind: "delta",
      since: latest,
      upTo: latest,
      initial: false,
      select: selectParam ?? [...spec.defaultSelect],
      ids,
    });
    sendJson(
      res,
      200,
      {
        "@odata.context": `${v}/$metadata#${resource}`,
        "@odata.deltaLink": `${v}/${resource}/delta?$deltatoken=${link}`,
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
        const location = `${v}/${resource}/delta?${sel.length > 0 ? `$select=${sel.join(",")}&` : ""}$deltatoken=`;
        error(410, "resyncRequired", "The delta token is no longer valid, and the app must reset the sync state.", {
          location,
        });
      } else {
        error(400, "syncStateNotFound", SYNC_STATE_NOT_FOUND);
      }
      return;
    }
    const s: DeltaState = decoded.state;
    if (s.resource !== resource || (skip !== null) !== (s.kind === "skip")) {
      error(400, "syncStateNotFound", SYNC_STATE_NOT_FOUND);
      return;
    }
    window =
      s.kind === "skip"
        ? { since: s.since, upTo: s.upTo, initial: s.initial, select: s.select, ids: s.ids, cursor: s.cursor }
        : { since: s.since, upTo: latest, initial: false, select: selectParam ?? s.select, ids: s.ids };
  } else {
    window = { since: 0, upTo: latest, initial: true, select: selectParam ?? [...spec.defaultSelect], ids };
    announceSelect = selectParam !== undefined;
  }

  const page = spec.computePage(window, minimal);
  const body: Record<string, unknown> = {
    "@odata.context": `${v}/$metadata#${resource}${announceSelect ? `(${window.select.join(",")})` : ""}`,
  };
  const base = {
    resource,
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
    body["@odata.nextLink"] = `${v}/${resource}/delta?$skiptoken=${t}`;
  } else {
    const t = ctx.codec.encode({ ...base, kind: "delta", since: window.upTo, upTo: window.upTo, initial: false });
    body["@odata.deltaLink"] = `${v}/${resource}/delta?$deltatoken=${t}`;
  }
  body.value = page.items;
  sendJson(res, 200, body, minimal ? { ...headers, "preference-applied": "return=minimal" } : headers);
}
