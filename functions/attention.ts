import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { listHeld } from "../shared/engine/heldRemovals";
import { handleJson } from "../shared/hosting/handleJson";
import { parseLimit } from "../shared/hosting/parseLimit";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";

/**
 * GET /api/attention?limit=N — the standing list of users and groups not as they should be in Slack, across cycles:
 * those whose latest record failed, was escrowed (with the next attempt), rejected by validation or skipped by policy
 * (kept as records are written, see shared/state/attention), and the removals held by the deletion guard. At most
 * `limit` (default 200, at most 1000) of each, with `more` when there are others. Bounded reads whatever the tenant.
 */
export async function attention(request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => {
    const limit = parseLimit(request.query.get("limit"), 200, 1000);
    if (typeof limit !== "number") {
      return { status: 400, jsonBody: { error: { code: "BadRequest", message: limit.problem } } };
    }
    const ctx = engine();
    const [listed, escrowed, held, state] = await Promise.all([
      ctx.activity.attention(ctx.jobId, limit),
      ctx.escrows.list(ctx.jobId, limit),
      listHeld(ctx, limit),
      ctx.jobs.get(ctx.jobId),
    ]);
    const nextAttempt = new Map(escrowed.entries.map((e) => [`${e.objectType}_${e.objectId}`, e.nextAttemptAt]));
    const entries = listed.entries.map((e) => {
      const next = e.kind === "escrowed" ? nextAttempt.get(`${e.objectType}_${e.objectId}`) : undefined;
      return next ? { ...e, nextAttemptAt: next } : e;
    });
    return {
      status: 200,
      jsonBody: {
        jobId: ctx.jobId,
        entries,
        more: listed.more,
        held: { summary: state.held ?? null, entries: held.entries, more: held.more },
      },
    };
  });
}

registerHttp({ name: "attention", role: "reader", route: "attention", methods: ["GET"], handler: attention });
