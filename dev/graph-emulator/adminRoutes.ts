import type { IncomingMessage, ServerResponse } from "node:http";
import { AdminError } from "./AdminError";
import type { EmulatorDirectory } from "./EmulatorDirectory";
import type {
  AssignInput,
  CreateGroupInput,
  CreateUserInput,
  FaultSpec,
  GroupImportInput,
  GroupMemberRef,
  ImportInput,
  UpdateGroupInput,
  UpdateUserInput,
} from "./emulatorTypes";
import { readBody, sendEmpty, sendJson } from "./httpUtil";
import { handleNotificationAdmin, isNotificationAdminPath } from "./notificationAdminRoutes";
import type { RandomFaultSettings } from "./RandomFaults";

/**
 * The HTTP admin API under /_admin (no auth; loopback only). Same operations as EmulatorDirectory:
 *   GET/POST /_admin/users, GET/PATCH/DELETE /_admin/users/{id}, POST /_admin/users/{id}/softDelete|restore,
 *   GET/POST /_admin/assignments, DELETE /_admin/assignments/{principalId}, POST /_admin/import,
 *   POST /_admin/delta/expire|reset, POST/DELETE /_admin/faults, GET/PUT /_admin/random-faults (settings, or null for
 *   off), POST /_admin/tokens/revoke,
 *   GET /_admin/stats, GET/DELETE /_admin/requests,
 *   PUT/DELETE /_admin/users/{id}/manager {id},
 *   GET/POST /_admin/groups, GET/PATCH/DELETE /_admin/groups/{id} (DELETE answers {reason}),
 *   POST /_admin/groups/{id}/restore|purge, POST /_admin/groups/{id}/members {id[, type]},
 *   DELETE /_admin/groups/{id}/members/{memberId}, POST /_admin/import/groups,
 *   change notifications: see notificationAdminRoutes.
 */
export async function handleAdminRequest(
  dir: EmulatorDirectory,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? "GET";
  const parts = url.pathname.replace(/\/+$/, "").split("/").slice(2).map(decodeURIComponent);
  const route = `${method} ${parts.map((p, i) => (i === 1 && parts[0] !== "delta" && parts[0] !== "tokens" ? ":id" : p)).join("/")}`;
  const id = parts[1] ?? "";
  try {
    const body = method === "POST" || method === "PATCH" || method === "PUT" ? await json(req) : undefined;
    if (
      parts[0] === "groups" ||
      (parts[0] === "users" && parts[2] === "manager") ||
      (method === "POST" && parts.join("/") === "import/groups")
    ) {
      return handleGroupAdmin(dir, res, method, parts, body);
    }
    if (isNotificationAdminPath(parts)) return handleNotificationAdmin(dir, res, method, parts, body);
    switch (route) {
      case "GET users":
        return sendJson(res, 200, dir.listUsers());
      case "POST users":
        return sendJson(res, 201, dir.createUser(body as CreateUserInput));
      case "GET users/:id":
        return sendJson(res, 200, dir.getUser(id));
      case "PATCH users/:id":
        return sendJson(res, 200, dir.updateUser(id, body as UpdateUserInput));
      case "DELETE users/:id":
        dir.purgeUser(id);
        return sendEmpty(res, 204);
      case "POST users/:id/softDelete":
        return sendJson(res, 200, dir.softDeleteUser(id));
      case "POST users/:id/restore":
        return sendJson(res, 200, dir.restoreUser(id));
      case "GET assignments":
        return sendJson(res, 200, dir.listAssignments());
      case "POST assignments":
        return sendJson(res, 201, dir.assign(body as AssignInput));
      case "DELETE assignments/:id":
        return sendJson(res, 200, { removed: dir.unassign(id) });
      case "POST import":
        return sendJson(res, 201, dir.importDirectory(body as ImportInput));
      case "POST delta/expire":
        dir.expireDeltaTokens();
        return sendEmpty(res, 204);
      case "POST delta/reset":
        dir.resetDeltaSync();
        return sendEmpty(res, 204);
      case "POST faults":
        dir.injectFault(body as FaultSpec);
        return sendEmpty(res, 204);
      case "DELETE faults":
        dir.clearFaults();
        return sendEmpty(res, 204);
      case "PUT random-faults":
        dir.setRandomFaults(body === null ? undefined : (body as RandomFaultSettings));
        return sendEmpty(res, 204);
      case "GET random-faults":
        return sendJson(res, 200, dir.randomFaultCounts());
      case "PUT appRoles":
        dir.setAppRoles(body as { id: string; value: string; displayName: string }[]);
        return sendEmpty(res, 204);
      case "POST tokens/revoke":
        dir.revokeAccessTokens();
        return sendEmpty(res, 204);
      case "GET stats":
        return sendJson(res, 200, dir.stats());
      case "GET requests":
        return sendJson(res, 200, dir.requestLog());
      case "DELETE requests":
        dir.clearRequestLog();
        return sendEmpty(res, 204);
      default:
        return sendJson(res, 404, { error: { code: "NotFound", message: `No admin route ${method} ${url.pathname}` } });
    }
  } catch (e) {
    if (e instanceof AdminError) return sendJson(res, e.status, { error: { code: e.code, message: e.message } });
    return sendJson(res, 400, { error: { code: "BadRequest", message: e instanceof Error ? e.message : String(e) } });
  }
}

function handleGroupAdmin(
  dir: EmulatorDirectory,
  res: ServerResponse,
  method: string,
  parts: string[],
  body: unknown,
): void {
  const [first, id = "", sub, memberId] = parts;
  const route = `${method} ${[
    first,
    id === "" ? undefined : first === "import" ? id : ":id",
    sub,
    memberId ? ":member" : undefined,
  ]
    .filter((p) => p !== undefined)
    .join("/")}`;
  const ref = body as { id?: unknown; type?: unknown } | undefined;
  const refId = typeof ref?.id === "string" ? ref.id : "";
  switch (route) {
    case "PUT users/:id/manager":
      return sendJson(res, 200, dir.setManager(id, refId));
    case "DELETE users/:id/manager":
      dir.clearManager(id);
      return sendEmpty(res, 204);
    case "POST import/groups":
      return sendJson(res, 201, dir.importGroups(body as GroupImportInput));
    case "GET groups":
      return sendJson(res, 200, dir.listGroups());
    case "POST groups":
      return sendJson(res, 201, dir.createGroup(body as CreateGroupInput));
    case "GET groups/:id":
      return sendJson(res, 200, dir.getGroup(id));
    case "PATCH groups/:id":
      return sendJson(res, 200, dir.updateGroup(id, body as UpdateGroupInput));
    case "DELETE groups/:id":
      return sendJson(res, 200, { reason: dir.deleteGroup(id) });
    case "POST groups/:id/restore":
      return sendJson(res, 200, dir.restoreGroup(id));
    case "POST groups/:id/purge":
      dir.purgeGroup(id);
      return sendEmpty(res, 204);
    case "POST groups/:id/members": {
      const t = ref?.type;
      const memberRef: GroupMemberRef | undefined = t === "user" || t === "group" ? { id: refId, type: t } : undefined;
      return sendJson(res, 200, dir.addMember(id, memberRef ?? refId));
    }
    case "DELETE groups/:id/members/:member":
      return sendJson(res, 200, dir.removeMember(id, memberId ?? ""));
    default:
      return sendJson(res, 404, {
        error: { code: "NotFound", message: `No admin route ${method} /${parts.join("/")}` },
      });
  }
}

async function json(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AdminError(400, "BadRequest", "The body is not valid JSON.");
  }
}
