import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { cycleReport } from "../shared/engine/CycleStatus";
import { handleJson } from "../shared/hosting/handleJson";
import { registerFunction } from "../shared/hosting/registerFunction";
import { engine } from "../shared/runtime/engine";

/** GET /api/status: the current cycle's phase, backlog, counts, rejected users and the last error. */
export async function status(_request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => ({ status: 200, jsonBody: await cycleReport(engine()) }));
}

registerFunction({
  kind: "http",
  name: "status",
  route: "status",
  methods: ["GET"],
  authLevel: "function",
  handler: status,
});
