import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { handleJson } from "../shared/hosting/handleJson";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";
import type { EngineContext } from "../shared/engine/EngineContext";
import { SlackCounts } from "../shared/slack/SlackCounts";

const counts = new WeakMap<EngineContext, SlackCounts>();

/**
 * GET /api/status/slack: how many users (and groups) Slack holds now, read live through SCIM in two one-item list
 * requests; the active users as last counted (every few minutes at most, SlackCounts). `?exact=true` counts them now
 * (a read of every user: for a caller that asks once, not for polling).
 */
export async function slackStatus(request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => {
    const ctx = engine();
    let c = counts.get(ctx);
    if (!c) {
      c = new SlackCounts(
        {
          countUsers: () => ctx.slack.countUsers(),
          totalUsers: () => ctx.slack.totalUsers(),
          countGroups: () => ctx.slackGroups.countGroups(),
        },
        Date.now,
        (e) =>
          ctx.log.warn(
            `Counting Slack's active users failed (${e instanceof Error ? e.message : String(e)}); tried again at the next status.`,
          ),
      );
      counts.set(ctx, c);
    }
    const exact = request.query.get("exact") === "true";
    return { status: 200, jsonBody: await c.read({ exact }) };
  });
}

registerHttp({ name: "slackStatus", role: "reader", route: "status/slack", methods: ["GET"], handler: slackStatus });
