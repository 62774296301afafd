import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { handleJson } from "../shared/hosting/handleJson";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";
import { parseActivityQuery } from "../shared/hosting/parseActivityQuery";
import { activityCsvResponse } from "../shared/hosting/activityCsvResponse";

/**
 * GET /api/activity?from=ISO&to=ISO&status=Failure&cycleId=…&limit=N — the activity log by time, newest first, over a
 * window of at most 31 days (default: the last 24 hours) and at most 5,000 records; anything else is a 400 before any
 * storage is read. With format=csv the window is a CSV download (activityCsvResponse: at most 10,000 records, then a
 * trailer row). GET /api/activity/users/{objectId} (or groups/{groupId}) — everything that happened to one object.
 */
export async function activity(request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => {
    const ctx = engine();
    const objectId = request.params.objectId;
    const q = (name: string) => request.query.get(name);
    const parsed = parseActivityQuery(
      { from: q("from"), to: q("to"), limit: q("limit"), status: q("status"), cycleId: q("cycleId") },
      ctx.clock(),
    );
    if ("problem" in parsed) return badRequest(parsed.problem);
    const format = q("format") ?? "json";
    if (format !== "json" && format !== "csv") return badRequest(`format must be json or csv; it is "${format}".`);
    if (format === "csv") {
      if (objectId) return badRequest("format=csv exports a time window: use /api/activity?format=csv&from=…&to=….");
      return activityCsvResponse(ctx.activity, ctx.jobId, parsed);
    }
    if (objectId) return { status: 200, jsonBody: await ctx.activity.byObject(ctx.jobId, objectId, parsed.limit) };
    return { status: 200, jsonBody: await ctx.activity.byTime(ctx.jobId, parsed) };
  });
}

function badRequest(message: string): HttpResponseInit {
  return { status: 400, jsonBody: { error: { code: "BadRequest", message } } };
}

registerHttp({
  name: "activity",
  role: "reader",
  route: "activity/{kind?}/{objectId?}",
  methods: ["GET"],
  handler: activity,
});
