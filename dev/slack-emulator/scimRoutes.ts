import { styleReply } from "./responseStyle";
import { setTimeout as delay } from "node:timers/promises";
import { resourceTypes, SERVICE_PROVIDER_CONFIG } from "./discovery";
import type { Reply } from "./http";
import { fromScimError, parseJson, v1Error, v2Error } from "./http";
import type { Route } from "./resourceRoute";
import { resourceRoute } from "./resourceRoute";
import { ScimError } from "./ScimError";
import type { SlackEmulatorStore } from "./SlackEmulatorStore";

export interface ScimContext {
  store: SlackEmulatorStore;
  scimBaseUrl: string;
  /** Aborted when the emulator closes, so hung requests end. */
  signal: AbortSignal;
}

/**
 * Handles one request under /scim: scripted faults, then random ones, discovery, auth, rate limits and locks, then the
 * v2 resource routes.
 */
export async function handleScim(
  ctx: ScimContext,
  method: string,
  url: URL,
  authorization: string | undefined,
  rawBody: string,
): Promise<Reply> {
  const fault = ctx.store.faults.take(method, url.pathname + url.search);
  if (fault) {
    if (fault.hangMs !== undefined) await delay(fault.hangMs, undefined, { signal: ctx.signal }).catch(() => undefined);
    if (fault.status !== undefined || fault.retryAfterSeconds !== undefined) {
      const status = fault.status ?? 429;
      const reply =
        fault.body !== undefined ? { status, body: fault.body } : v2Error(status, `injected_fault (status=${status})`);
      if (fault.retryAfterSeconds !== undefined) reply.headers = { "retry-after": String(fault.retryAfterSeconds) };
      return reply;
    }
  }
  const chaos = fault ? undefined : ctx.store.randomFaults.draw(method);
  if (chaos?.hangMs !== undefined) await ctx.store.randomFaults.hang(chaos.hangMs, ctx.signal);
  if (chaos?.status !== undefined) {
    ctx.store.randomFaults.record(chaos.kind);
    const reply = v2Error(chaos.status, `injected_fault (status=${chaos.status})`);
    if (chaos.retryAfterSeconds !== undefined) reply.headers = { "retry-after": String(chaos.retryAfterSeconds) };
    return reply;
  }

  const m = /^\/scim\/(v1|v2)(\/.*)?$/.exec(url.pathname);
  const version = m?.[1];
  const rest = (m?.[2] ?? "").replace(/\/+$/, "");
  if (!version) return v2Error(404, "bad_endpoint");
  if (/^\/ServiceProviderConfigs?$/i.test(rest)) {
    return method === "GET" ? { status: 200, body: SERVICE_PROVIDER_CONFIG } : v2Error(405, "method_not_allowed");
  }
  if (ctx.store.tokens.labelOf(authorization) === undefined) return v1Error(401, "invalid_authentication");
  if (version === "v1") return v1Error(404, "bad_endpoint (the emulator serves SCIM v1 discovery only)");

  let route: Route | undefined;
  try {
    route = routeFor(ctx, method, rest, url.searchParams);
  } catch (e) {
    if (e instanceof ScimError) return fromScimError(e);
    throw e;
  }
  if (!route) return v2Error(404, "bad_endpoint");

  const parsed = parseJson(rawBody);
  if (!parsed.ok) return v2Error(400, "invalid_request_payload");
  let release: (() => void) | undefined;
  try {
    if (route.lockKey !== undefined) release = ctx.store.limiter.lock(route.lockKey);
    ctx.store.limiter.admit(route.endpoint);
    if (route.lockKey !== undefined && ctx.store.writeLatencyMs > 0) {
      await delay(ctx.store.writeLatencyMs, undefined, { signal: ctx.signal }).catch(() => undefined);
    }
    const result = route.run(parsed.value);
    if (method !== "GET") ctx.store.afterWrite?.({ method, path: rest, status: result.status, body: result.body });
    const requested = (url.searchParams.get("attributes") ?? "").split(",").map((a) => a.trim());
    if (chaos?.kind !== "noContent") return styleReply(ctx.store.responseStyle, method, result, requested);
    const reply = styleReply({ ...ctx.store.responseStyle, writes: "noContent" }, method, result, requested);
    if (reply.status === 204) ctx.store.randomFaults.record("noContent");
    return reply;
  } catch (e) {
    if (e instanceof ScimError) return fromScimError(e);
    throw e;
  } finally {
    release?.();
  }
}

function routeFor(ctx: ScimContext, method: string, rest: string, query: URLSearchParams): Route | undefined {
  const d = ctx.store.directory;
  if (rest === "/ResourceTypes") {
    if (method !== "GET") throw new ScimError(405, "method_not_allowed");
    return { endpoint: "otherRead", run: () => ({ status: 200, body: resourceTypes(ctx.scimBaseUrl) }) };
  }
  const m = /^\/(Users|Groups)(?:\/([^/]+))?$/.exec(rest);
  if (!m) return undefined;
  const id = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
  if (m[1] === "Users") {
    return resourceRoute(
      "Users",
      {
        list: (q) => d.listUsers(q),
        create: (b) => d.createUser(b),
        get: (userId) => d.getUser(userId),
        replace: (userId, b) => d.replaceUser(userId, b),
        patch: (userId, b) => d.patchUser(userId, b),
        remove: (userId) => d.deactivateUser(userId),
      },
      method,
      id,
      query,
    );
  }
  return resourceRoute(
    "Groups",
    {
      list: (q) => d.listGroups(q),
      create: (b) => d.createGroup(b),
      get: (groupId) => d.getGroup(groupId),
      replace: (groupId, b) => d.replaceGroup(groupId, b),
      patch: (groupId, b) => d.patchGroup(groupId, b),
      remove: (groupId) => d.deleteGroup(groupId),
    },
    method,
    id,
    query,
  );
}
