import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { planAll } from "../shared/engine/planAll";
import { handleJson } from "../shared/hosting/handleJson";
import { registerHttp } from "../shared/hosting/registerHttp";
import { candidateMapping } from "../shared/hosting/candidateMapping";
import { engine } from "../shared/runtime/engine";

/**
 * GET  /api/plan — a dry run of the whole job with the mapping in force: what the next cycle would create, update,
 *      reactivate, deactivate or refuse, user by user (from the state of the last cycle; nothing is written or sent).
 * POST /api/plan — the same with a candidate mapping file (YAML or JSON) in the body: "what would this mapping change?"
 */
export async function dryRun(request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => ({ status: 200, jsonBody: await planAll(engine(), await candidateMapping(request)) }));
}

registerHttp({ name: "dryRun", role: "reader", route: "plan", methods: ["GET", "POST"], handler: dryRun });
