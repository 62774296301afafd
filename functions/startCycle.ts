import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { CycleStarter } from "../shared/engine/CycleStarter";
import { handleJson } from "../shared/hosting/handleJson";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";

/** POST /api/cycles[?full=true]: starts a cycle now (full=true discards the delta link: Entra's "restart"). */
export async function startCycle(request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => {
    const full = request.query.get("full") === "true";
    const result = await new CycleStarter(engine()).start({ trigger: "manual", full });
    return { status: result.started ? 202 : 409, jsonBody: result };
  });
}

registerHttp({ name: "startCycle", role: "operator", route: "cycles", methods: ["POST"], handler: startCycle });
