import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { DriftScanner } from "../shared/drift/DriftScanner";
import { handleJson } from "../shared/hosting/handleJson";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";

/**
 * POST /api/drift/scan: starts a drift scan now (Operator role), in the mode DRIFT_MODE sets. 202 with its id; 409
 * while another scan makes progress. Its progress and result are in /api/status (`drift`).
 */
export async function driftScan(_request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => {
    const result = await new DriftScanner(engine()).start("manual");
    return { status: result.started ? 202 : 409, jsonBody: result };
  });
}

registerHttp({ name: "driftScan", role: "operator", route: "drift/scan", methods: ["POST"], handler: driftScan });
