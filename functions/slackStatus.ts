import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { handleJson } from "../shared/hosting/handleJson";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";

/** GET /api/status/slack: how many users (and groups) Slack holds now, read live through SCIM. */
export async function slackStatus(_request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => {
    const ctx = engine();
    const [users, groups] = await Promise.all([ctx.slack.countUsers(), ctx.slackGroups.countGroups()]);
    return { status: 200, jsonBody: { users, groups } };
  });
}

registerHttp({ name: "slackStatus", role: "reader", route: "status/slack", methods: ["GET"], handler: slackStatus });
