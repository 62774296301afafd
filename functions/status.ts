import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { cycleReport } from "../shared/engine/CycleStatus";
import { driftStatus } from "../shared/drift/driftStatus";
import { handleJson } from "../shared/hosting/handleJson";
import { notificationStatus } from "../shared/notifications/notificationStatus";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";

/**
 * GET /api/status: the current cycle's phase, backlog, counts, rejected users and the last error, and the Graph
 * change-notification subscriptions, and the drift scans (the running one, the last one's summary).
 */
export async function status(_request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => {
    const ctx = engine();
    const [report, notifications, drift] = await Promise.all([
      cycleReport(ctx),
      notificationStatus(ctx),
      driftStatus(ctx),
    ]);
    return { status: 200, jsonBody: { ...report, notifications, drift } };
  });
}

registerHttp({ name: "status", role: "reader", route: "status", methods: ["GET"], handler: status });
