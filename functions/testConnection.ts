import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { describeError } from "../shared/errors";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";

export interface ConnectionCheck {
  /** slackToken: the token check (auth.test and the owner's role), as every cycle start makes it. */
  system: "graph" | "slack" | "slackToken";
  ok: boolean;
  detail: string;
  errorCode?: string;
  /** The check could not conclude (no answer from auth.test, say): not a failure, and not a proof either. */
  unverified?: true;
}

/**
 * Checks both ends with read-only calls: Graph (token + the application's assignments), Slack (lists its users) and
 * the Slack token (auth.test and its owner's SCIM record, not from the cache). Reports only: a failing token check
 * quarantines the job at the next cycle start, not here.
 */
export async function checkConnections(): Promise<ConnectionCheck[]> {
  const ctx = engine();
  const graph = ctx.graph
    .listAppRoleAssignments(ctx.servicePrincipalId)
    .then((a): ConnectionCheck => ({
      system: "graph",
      ok: true,
      detail: `${a.length} assignment(s) to the Slack application.`,
    }))
    .catch((e: unknown): ConnectionCheck => {
      const { code, message } = describeError(e);
      return { system: "graph", ok: false, detail: message, errorCode: code };
    });
  const slack = ctx.slack
    .countUsers()
    .then((c): ConnectionCheck => ({ system: "slack", ok: true, detail: `${c.total} user(s), ${c.active} active.` }))
    .catch((e: unknown): ConnectionCheck => {
      const { code, message } = describeError(e);
      return { system: "slack", ok: false, detail: message, errorCode: code };
    });
  const token = ctx.slackHealth
    .check({ fresh: true })
    .then((h): ConnectionCheck => {
      if (h.verdict === "unhealthy") return { system: "slackToken", ok: false, detail: h.detail, errorCode: h.problem };
      return {
        system: "slackToken",
        ok: true,
        detail: h.detail,
        ...(h.verdict === "unverified" ? { unverified: true as const } : {}),
      };
    })
    .catch((e: unknown): ConnectionCheck => {
      const { code, message } = describeError(e);
      return { system: "slackToken", ok: false, detail: message, errorCode: code };
    });
  return Promise.all([graph, slack, token]);
}

/** POST /api/connection/test: Entra's "Test connection". 200 when both ends answer, 502 otherwise. */
export async function testConnection(_request: HttpRequest): Promise<HttpResponseInit> {
  try {
    const checks = await checkConnections();
    return { status: checks.every((c) => c.ok) ? 200 : 502, jsonBody: { checks } };
  } catch (e) {
    const { code, message } = describeError(e);
    return { status: 500, jsonBody: { checks: [], error: { code, message } } };
  }
}

registerHttp({
  name: "testConnection",
  role: "reader",
  route: "connection/test",
  methods: ["POST", "GET"],
  handler: testConnection,
});
