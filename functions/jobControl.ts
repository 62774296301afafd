import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { handleJson } from "../shared/hosting/handleJson";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";
import { jobPaused, jobResumed } from "../shared/state/JobState";
import { jobRestart } from "./jobRestart";

/**
 * POST /api/job/pause — no new cycle starts (work already queued still finishes); POST /api/job/resume — cycles start
 * again on the timer. The status endpoint shows `paused`. POST /api/job/restart — Graph's synchronizationJob restart
 * with a resetScope (jobRestart).
 */
export async function jobControl(request: HttpRequest): Promise<HttpResponseInit> {
  const action = request.params.action;
  if (action === "restart") return jobRestart(request);
  if (action !== "pause" && action !== "resume") {
    return {
      status: 404,
      jsonBody: {
        error: { code: "NotFound", message: "Use /api/job/pause, /api/job/resume or /api/job/restart." },
      },
    };
  }
  return handleJson(async () => {
    const ctx = engine();
    const paused = action === "pause";
    const { state } = await ctx.jobs.apply(ctx.jobId, paused ? jobPaused() : jobResumed());
    ctx.log.info(`Job ${ctx.jobId} ${paused ? "paused" : "resumed"} through the API.`);
    return { status: 200, jsonBody: { jobId: ctx.jobId, paused: state.paused } };
  });
}

registerHttp({ name: "jobControl", role: "operator", route: "job/{action}", methods: ["POST"], handler: jobControl });
