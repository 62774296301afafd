import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { JobRestarter } from "../shared/engine/restart/JobRestarter";
import { resetScopeFromRequest } from "../shared/engine/restart/resetScopeFromRequest";
import { handleJson } from "../shared/hosting/handleJson";
import { readBoundedText } from "../shared/hosting/readBoundedText";
import { requestedBy } from "../shared/hosting/requestedBy";
import { engine } from "../shared/runtime/engine";

/** A restart request's body names one resetScope: a few hundred bytes at most. */
const MAX_BODY_BYTES = 4096;

/**
 * POST /api/job/restart (Operator; registered by jobControl's `job/{action}` route, with its automation twin): Microsoft
 * Graph's synchronizationJob restart. The resetScope comes as `{"criteria": {"resetScope": "Watermark, Escrows"}}`,
 * `{"resetScope": "..."}` or `?resetScope=`; 202 with what was reset (and the cycle it started), 400 naming the valid
 * values, 409 saying what prevents it.
 */
export async function jobRestart(request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => {
    const text = await readBoundedText(request, MAX_BODY_BYTES); // 413 beyond it (handleJson)
    const parsed = resetScopeFromRequest(request.query.get("resetScope"), text);
    if ("error" in parsed) {
      return { status: 400, jsonBody: { error: { code: "InvalidResetScope", message: parsed.error } } };
    }
    const ctx = engine();
    const result = await new JobRestarter(ctx).restart(parsed.flags, requestedBy(request));
    if (!result.accepted) {
      return {
        status: 409,
        jsonBody: { error: { code: "RestartRefused", message: `Not restarted: ${result.reason}.` } },
      };
    }
    const { cycle, ...rest } = result;
    return {
      status: 202,
      jsonBody: {
        jobId: ctx.jobId,
        ...rest,
        ...(cycle?.started ? { cycleId: cycle.cycleId } : {}),
        ...(cycle && !cycle.started ? { cycleNotStarted: cycle.reason } : {}),
        ...(result.completed
          ? {}
          : {
              note: "The reset goes on in the background (the sync timer resumes it); no cycle starts until it is done.",
            }),
      },
    };
  });
}
