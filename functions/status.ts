import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { cycleReport } from "../shared/engine/CycleStatus";
import { handleJson } from "../shared/hosting/handleJson";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";

/** GET /api/status: the current cycle's phase, backlog, counts, rejected users and the last error. */
export async function status(_request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => ({ status: 200, jsonBody: await cycleReport(engine()) }));
}

registerHttp({ name: "status", role: "reader", route: "status", methods: ["GET"], handler: status });
