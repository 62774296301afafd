import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { handleJson } from "../shared/hosting/handleJson";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";
import type { ActivityRecord } from "../shared/state/ActivityRecord";

const STATUSES = new Set(["Success", "Failure", "Skipped", "Warning"]);

/**
 * GET /api/activity?from=ISO&to=ISO&status=Failure&cycleId=…&limit=N — the activity log by time, newest first.
 * GET /api/activity/users/{objectId} — everything that happened to one Entra user.
 */
export async function activity(request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => {
    const ctx = engine();
    const objectId = request.params.objectId;
    const limit = Math.min(Number(request.query.get("limit") ?? "200") || 200, 5000);
    if (objectId) return { status: 200, jsonBody: await ctx.activity.byObject(ctx.jobId, objectId, limit) };
    const from = request.query.get("from");
    const to = request.query.get("to");
    const status = request.query.get("status");
    const cycleId = request.query.get("cycleId");
    if (status && !STATUSES.has(status)) {
      return {
        status: 400,
        jsonBody: { error: { code: "BadRequest", message: `status must be one of ${[...STATUSES].join(", ")}` } },
      };
    }
    const records = await ctx.activity.byTime(ctx.jobId, {
      ...(from ? { from: new Date(from) } : {}),
      ...(to ? { to: new Date(to) } : {}),
      ...(status ? { status: status as ActivityRecord["status"] } : {}),
      ...(cycleId ? { cycleId } : {}),
      limit,
    });
    return { status: 200, jsonBody: records };
  });
}

registerHttp({ name: "activity", route: "activity/{kind?}/{objectId?}", methods: ["GET"], handler: activity });
