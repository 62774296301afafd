import type { ServerResponse } from "node:http";
import { DEFAULT_GROUP_PROPERTIES, DEFAULT_USER_PROPERTIES } from "./constants";
import type { DirectoryStore } from "./DirectoryStore";
import type { StoredGroup } from "./GroupStore";
import { sendJson } from "./httpUtil";
import { parseSelect } from "./queryParams";
import { readPageSize } from "./readPageSize";
import { renderWithNulls } from "./renderWithNulls";
import { resourceNotFound } from "./resourceNotFound";
import type { SendError } from "./SendError";

interface Member {
  id: string;
  type: "user" | "group";
}

/**
 * Single reads around groups: GET /groups/{id}, /groups/{id}/members and /groups/{id}/transitiveMembers (each with an
 * optional /microsoft.graph.user or /microsoft.graph.group cast, paged with $top up to 999 and $skiptoken,
 * @odata.count on the first page with $count=true), and GET /users/{id}/manager. Soft-deleted objects are not listed.
 * Returns false when the path is none of these.
 */
export function serveGroupReads(
  store: DirectoryStore,
  v: string,
  res: ServerResponse,
  path: string,
  url: URL,
  error: SendError,
  headers: Record<string, string>,
): boolean {
  const notFound = (key: string): void => resourceNotFound(error, key);
  const select = parseSelect(url.searchParams.get("$select"));
  let m: RegExpExecArray | null;
  if ((m = /^\/v1\.0\/users\/([^/]+)\/manager$/i.exec(path))) {
    const key = decodeURIComponent(m[1] ?? "");
    const user = store.findUser(key);
    if (!user || user.deletedDateTime !== null) return (notFound(key), true);
    const managerId = store.managerOf(user.id);
    const manager = managerId === undefined ? undefined : store.userById(managerId);
    if (!manager || manager.deletedDateTime !== null) return (notFound("manager"), true);
    sendJson(
      res,
      200,
      {
        "@odata.context": `${v}/$metadata#directoryObjects/$entity`,
        "@odata.type": "#microsoft.graph.user",
        ...renderWithNulls(manager, select ?? DEFAULT_USER_PROPERTIES),
      },
      headers,
    );
    return true;
  }
  if ((m = /^\/v1\.0\/groups\/([^/]+)$/i.exec(path))) {
    const id = decodeURIComponent(m[1] ?? "");
    const g = store.groups.byId(id);
    if (!g || g.deletedDateTime !== null) return (notFound(id), true);
    const body: Record<string, unknown> = {
      "@odata.context": `${v}/$metadata#groups${select ? `(${select.join(",")})` : ""}/$entity`,
      ...groupWithNulls(g, select ?? DEFAULT_GROUP_PROPERTIES),
    };
    sendJson(res, 200, body, headers);
    return true;
  }
  m = /^\/v1\.0\/groups\/([^/]+)\/(members|transitiveMembers)(?:\/(microsoft\.graph\.[A-Za-z]+))?$/i.exec(path);
  if (!m) return false;
  const id = decodeURIComponent(m[1] ?? "");
  const relationship = (m[2] ?? "").toLowerCase() === "members" ? "members" : "transitiveMembers";
  const cast = m[3]?.toLowerCase();
  if (cast !== undefined && cast !== "microsoft.graph.user" && cast !== "microsoft.graph.group") {
    error(400, "Request_UnsupportedQuery", `The type cast '${m[3] ?? ""}' is not supported for ${relationship}.`);
    return true;
  }
  const g = store.groups.byId(id);
  if (!g || g.deletedDateTime !== null) return (notFound(id), true);
  const top = readPageSize(url, 100, error);
  if (top === undefined) return true;
  const skip = url.searchParams.get("$skiptoken");
  const afterId = skip ? Buffer.from(skip, "base64url").toString("utf8") : "";
  let all = relationship === "members" ? directMembers(store, g) : transitiveMembers(store, g);
  if (cast) all = all.filter((x) => `microsoft.graph.${x.type}` === cast);
  all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rest = all.filter((x) => x.id > afterId);
  const page = rest.slice(0, top);
  const castSuffix = cast ? `/${m[3] ?? ""}` : "";
  const body: Record<string, unknown> = {
    "@odata.context": `${v}/$metadata#directoryObjects${cast ? `/${m[3] ?? ""}` : ""}`,
  };
  if (!skip && url.searchParams.get("$count") === "true") body["@odata.count"] = all.length;
  if (rest.length > top) {
    const last = page[page.length - 1]?.id ?? "";
    const sel = select ? `$select=${select.join(",")}&` : "";
    body["@odata.nextLink"] =
      `${v}/groups/${g.id}/${relationship}${castSuffix}?${sel}$top=${top}&$skiptoken=${Buffer.from(last).toString("base64url")}`;
  }
  body.value = page.map((x) => renderMember(store, x, select));
  sendJson(res, 200, body, headers);
  return true;
}

function directMembers(store: DirectoryStore, g: StoredGroup): Member[] {
  return [...g.members].map(([id, type]) => ({ id, type })).filter((x) => visible(store, x));
}

/** Every user and group below the group (cycle-safe, each once); the group itself is never its own member. */
function transitiveMembers(store: DirectoryStore, root: StoredGroup): Member[] {
  const seen = new Set<string>([root.id]);
  const out: Member[] = [];
  const queue: StoredGroup[] = [root];
  for (let g = queue.shift(); g !== undefined; g = queue.shift()) {
    for (const x of directMembers(store, g)) {
      if (seen.has(x.id)) continue;
      seen.add(x.id);
      out.push(x);
      if (x.type === "group") {
        const nested = store.groups.byId(x.id);
        if (nested) queue.push(nested);
      }
    }
  }
  return out;
}

function visible(store: DirectoryStore, x: Member): boolean {
  if (x.type === "user") return store.userById(x.id)?.deletedDateTime === null;
  return store.groups.byId(x.id)?.deletedDateTime === null;
}

function renderMember(store: DirectoryStore, x: Member, select: string[] | undefined): Record<string, unknown> {
  if (x.type === "user") {
    const u = store.userById(x.id);
    const props = select ?? ["id", "displayName", "userPrincipalName", "mail"];
    return { "@odata.type": "#microsoft.graph.user", ...(u ? renderWithNulls(u, props) : { id: x.id }) };
  }
  const g = store.groups.byId(x.id);
  const props = select ?? ["id", "displayName", "mailEnabled", "securityEnabled", "groupTypes"];
  return { "@odata.type": "#microsoft.graph.group", ...(g ? groupWithNulls(g, props) : { id: x.id }) };
}

/** renderWithNulls without "members" (a relationship, not a property). */
function groupWithNulls(g: StoredGroup, props: readonly string[]): Record<string, unknown> {
  const properties = props.filter((p) => p !== "members");
  return renderWithNulls(g, properties);
}
