import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { cycleReport } from "../shared/engine/CycleStatus";
import { cycleSummary } from "../shared/engine/cycleSummary";
import { handleJson } from "../shared/hosting/handleJson";
import { parseLimit } from "../shared/hosting/parseLimit";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";

/**
 * GET /api/cycles/history?limit=N — the last cycles, newest first (default 50, at most 500): trigger, full or
 * incremental, start, duration, objects read, changes by action and status, rejected. Converged cycles come from their
 * summaries (written once, when the next cycle's start finds the cycle converged); the current cycle, not yet
 * summarised, is first, from the status's own counters (`current: true`). One bounded read plus the status's fixed
 * reads.
 */
export async function cycleHistory(request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => {
    const limit = parseLimit(request.query.get("limit"), 50, 500);
    if (typeof limit !== "number") {
      return { status: 400, jsonBody: { error: { code: "BadRequest", message: limit.problem } } };
    }
    const ctx = engine();
    const [report, state, summaries] = await Promise.all([
      cycleReport(ctx),
      ctx.jobs.get(ctx.jobId),
      ctx.activity.cycles(ctx.jobId, limit),
    ]);
    const current = cycleSummary(report, state.cycleTrigger);
    const cycles =
      current && !summaries.some((s) => s.cycleId === current.cycleId)
        ? [{ ...current, current: true, converged: report.converged }, ...summaries].slice(0, limit)
        : summaries;
    return { status: 200, jsonBody: { jobId: ctx.jobId, cycles } };
  });
}

registerHttp({
  name: "cycleHistory",
  role: "reader",
  route: "cycles/history",
  methods: ["GET"],
  handler: cycleHistory,
});
