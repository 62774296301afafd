import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { cycleReport } from "../shared/engine/CycleStatus";
import { handleJson } from "../shared/hosting/handleJson";
import { notificationStatus } from "../shared/notifications/notificationStatus";
import { registerHttp } from "../shared/hosting/registerHttp";
import { engine } from "../shared/runtime/engine";

/**
 * GET /api/status: the current cycle's phase, backlog, counts, rejected users and the last error, and the Graph
 * change-notification subscriptions.
 */
export async function status(_request: HttpRequest): Promise<HttpResponseInit> {
  return handleJson(async () => {
    const ctx = engine();
    const [report, notifications] = await Promise.all([cycleReport(ctx), notificationStatus(ctx)]);
    return { status: 200, jsonBody: { ...report, notifications } };
  });
}

registerHttp({ name: "status", role: "reader", route: "status", methods: ["GET"], handler: status });
