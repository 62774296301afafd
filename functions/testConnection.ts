import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { describeError } from "../shared/errors";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";

export interface ConnectionCheck {
  system: "graph" | "slack";
  ok: boolean;
  detail: string;
  errorCode?: string;
}

/** Checks both ends with read-only calls: Graph (token + the application's assignments) and Slack (list one user). */
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
  return Promise.all([graph, slack]);
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
