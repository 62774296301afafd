import type { Reply } from "./http";
import { fromScimError, parseJson, v2Error } from "./http";
import type { RandomFaultSettings } from "./RandomFaults";
import type { RateLimitSetting } from "./rateLimits";
import { ScimError } from "./ScimError";
import type { SeedGroup, SeedUser, SlackEmulatorStore } from "./SlackEmulatorStore";
import { isRecord } from "./values";
import type { SlackRole } from "./model";

/**
 * The /_admin HTTP API (no auth), one route per SlackEmulatorStore method:
 *   GET/POST /_admin/users, GET /_admin/users/{id}, GET/POST /_admin/groups, GET /_admin/groups/{id},
 *   PUT /_admin/rate-limits {mode}, PUT /_admin/channels {names}, PUT /_admin/write-latency {ms},
 *   POST/DELETE /_admin/faults, GET/PUT /_admin/random-faults (settings, or null for off), GET/DELETE /_admin/requests,
 *   PUT /_admin/oauth/consent {decision}, POST /_admin/oauth/expire-codes, GET /_admin/tokens,
 *   DELETE /_admin/tokens/{label}, PUT /_admin/users/{id}/role {role}, PATCH /_admin/users/{id} (a hand edit),
 *   POST /_admin/reset.
 */
export function handleAdmin(store: SlackEmulatorStore, method: string, path: string, rawBody: string): Reply {
  const parsed = parseJson(rawBody);
  if (!parsed.ok) return v2Error(400, "invalid_request_payload");
  const body = parsed.value;
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  try {
    const revoke = /^DELETE \/_admin\/tokens\/([^/]+)$/.exec(route);
    if (revoke) {
      return store.revokeToken(decodeURIComponent(revoke[1] ?? "")) ? { status: 204 } : v2Error(404, "no_such_token");
    }
    const role = /^PUT \/_admin\/users\/([^/]+)\/role$/.exec(route);
    if (role) {
      if (!isRecord(body) || typeof body.role !== "string") return v2Error(400, "invalid_request_payload (role)");
      return { status: 200, body: store.setUserRole(decodeURIComponent(role[1] ?? ""), body.role as SlackRole) };
    }
    const edit = /^PATCH \/_admin\/users\/([^/]+)$/.exec(route);
    if (edit) {
      if (!isRecord(body)) return v2Error(400, "invalid_request_payload");
      return { status: 200, body: store.editUser(decodeURIComponent(edit[1] ?? ""), body) };
    }
    const one = /^GET \/_admin\/(users|groups)\/([^/]+)$/.exec(route);
    if (one) {
      const id = decodeURIComponent(one[2] ?? "");
      const found = one[1] === "users" ? store.getUser(id) : store.getGroup(id);
      return found ? { status: 200, body: found } : v2Error(404, one[1] === "users" ? "no_such_user" : "no_such_group");
    }
    switch (route) {
      case "GET /_admin/users":
        return { status: 200, body: store.listUsers() };
      case "POST /_admin/users":
        return {
          status: 201,
          body: Array.isArray(body) ? store.seedUsers(body as SeedUser[]) : store.seedUser(body as SeedUser),
        };
      case "GET /_admin/groups":
        return { status: 200, body: store.listGroups() };
      case "POST /_admin/groups":
        return { status: 201, body: store.seedGroup(body as SeedGroup) };
      case "PUT /_admin/rate-limits":
        if (!isRecord(body) || body.mode === undefined) return v2Error(400, "invalid_request_payload (mode)");
        store.setRateLimits(body.mode as RateLimitSetting);
        return { status: 204 };
      case "PUT /_admin/channels":
        if (!isRecord(body) || !Array.isArray(body.names)) return v2Error(400, "invalid_request_payload (names)");
        store.setChannelNames(body.names.map(String));
        return { status: 204 };
      case "PUT /_admin/write-latency":
        if (!isRecord(body) || typeof body.ms !== "number") return v2Error(400, "invalid_request_payload (ms)");
        store.setWriteLatency(body.ms);
        return { status: 204 };
      case "PUT /_admin/response-style":
        if (!isRecord(body)) return v2Error(400, "invalid_request_payload");
        store.setResponseStyle({
          ...(body.writes === "noContent" || body.writes === "resource" ? { writes: body.writes } : {}),
          ...(typeof body.minimal === "boolean" ? { minimal: body.minimal } : {}),
        });
        return { status: 204 };
      case "POST /_admin/faults":
        if (!isRecord(body)) return v2Error(400, "invalid_request_payload");
        store.injectFault(body);
        return { status: 204 };
      case "DELETE /_admin/faults":
        store.clearFaults();
        return { status: 204 };
      case "PUT /_admin/random-faults":
        if (body !== null && !isRecord(body)) return v2Error(400, "invalid_request_payload");
        try {
          store.setRandomFaults(body === null ? undefined : (body as unknown as RandomFaultSettings));
        } catch (e) {
          return v2Error(400, `invalid_request_payload (${e instanceof Error ? e.message : String(e)})`);
        }
        return { status: 204 };
      case "GET /_admin/random-faults":
        return { status: 200, body: store.randomFaultCounts() };
      case "GET /_admin/requests":
        return { status: 200, body: store.requests() };
      case "DELETE /_admin/requests":
        store.clearRequests();
        return { status: 204 };
      case "PUT /_admin/oauth/consent":
        if (!isRecord(body) || (body.decision !== "approve" && body.decision !== "deny")) {
          return v2Error(400, "invalid_request_payload (decision: approve or deny)");
        }
        store.setOAuthConsent(body.decision);
        return { status: 204 };
      case "POST /_admin/oauth/expire-codes":
        return { status: 200, body: { outstanding: store.expireOAuthCodes() } };
      case "GET /_admin/tokens":
        return { status: 200, body: store.listTokens() };
      case "POST /_admin/reset":
        store.reset();
        return { status: 204 };
      default:
        return v2Error(404, "bad_endpoint");
    }
  } catch (e) {
    if (e instanceof ScimError) return fromScimError(e);
    throw e;
  }
}
