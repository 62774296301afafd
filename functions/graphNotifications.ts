import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { handleJson } from "../shared/hosting/handleJson";
import { readBoundedText } from "../shared/hosting/readBoundedText";
import { registerFunction } from "../shared/hosting/registerFunction";
import { receiveNotifications } from "../shared/notifications/receiveNotifications";
import { engine } from "../shared/runtime/engine";

/** Graph batches a handful of notifications per POST; a megabyte is far more than any real one. */
const MAX_NOTIFICATION_BODY_BYTES = 1024 * 1024;
/** Graph's validation tokens are short; anything longer is not Graph. */
const MAX_VALIDATION_TOKEN = 2048;

/**
 * POST /api/graph/notifications — where Microsoft Graph delivers change and lifecycle notifications (no function key:
 * Graph cannot send one; excluded from sign-in). Answers the validation handshake (the token echoed as text/plain),
 * and otherwise 202 at once: a notification only starts a catch-up cycle, after its clientState is checked.
 */
export async function graphNotifications(request: HttpRequest, _context: InvocationContext): Promise<HttpResponseInit> {
  const token = request.query.get("validationToken");
  if (token !== null) {
    if (token.length > MAX_VALIDATION_TOKEN) return { status: 400, body: "validationToken too long" };
    return {
      status: 200,
      headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" },
      body: token,
    };
  }
  return handleJson(async () => {
    const ctx = engine();
    if (!ctx.notificationSettings) {
      return {
        status: 404,
        jsonBody: { error: { code: "NotificationsOff", message: "GRAPH_NOTIFICATIONS is off on this app." } },
      };
    }
    const body = await readBoundedText(request, MAX_NOTIFICATION_BODY_BYTES);
    try {
      await receiveNotifications(ctx, body);
    } catch (e) {
      if (e instanceof SyntaxError) {
        return { status: 400, jsonBody: { error: { code: "BadRequest", message: "Not a notification batch." } } };
      }
      throw e;
    }
    return { status: 202 };
  });
}

registerFunction({
  kind: "http",
  name: "graphNotifications",
  route: "graph/notifications",
  methods: ["POST"],
  authLevel: "anonymous",
  handler: graphNotifications,
});
