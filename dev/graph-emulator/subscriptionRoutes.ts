import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChangeNotifications } from "./ChangeNotifications";
import { clientRequestId } from "./clientRequestId";
import { graphErrorBody } from "./graphErrorBody";
import { GraphProblem } from "./GraphProblem";
import { readBody, sendEmpty, sendJson } from "./httpUtil";
import { renderSubscription } from "./renderSubscription";

const SUBSCRIPTIONS = /^\/v1\.0\/subscriptions(?:\/([^/]+)(\/reauthorize)?)?$/i;

/** Whether the path belongs to the subscriptions API (answered by handleSubscriptionRequest). */
export function isSubscriptionPath(pathname: string): boolean {
  return /^\/v1\.0\/subscriptions(\/|$)/i.test(pathname);
}

/**
 * Answers an authenticated request under /v1.0/subscriptions: list and create on the collection; get, renew (PATCH),
 * delete and reauthorize on one subscription. Errors carry Graph's error body.
 */
export async function handleSubscriptionRequest(
  notifications: ChangeNotifications,
  versionRoot: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestId: string,
): Promise<void> {
  const headers = { "request-id": requestId, "client-request-id": clientRequestId(req, requestId) };
  const method = req.method ?? "GET";
  const context = `${versionRoot}/$metadata#subscriptions`;
  try {
    const m = SUBSCRIPTIONS.exec(url.pathname.replace(/\/+$/, ""));
    if (!m) throw new GraphProblem(400, "BadRequest", `Resource not found for the segment '${lastSegment(url)}'.`);
    const id = m[1] === undefined ? undefined : decodeURIComponent(m[1]);
    const route = `${method} ${id === undefined ? "collection" : m[2] ? "reauthorize" : "item"}`;
    switch (route) {
      case "GET collection":
        return sendJson(
          res,
          200,
          { "@odata.context": context, value: notifications.list().map(renderSubscription) },
          headers,
        );
      case "POST collection": {
        const sub = await notifications.create(await jsonBody(req));
        return sendJson(res, 201, { "@odata.context": `${context}/$entity`, ...renderSubscription(sub) }, headers);
      }
      case "GET item":
        return sendJson(
          res,
          200,
          { "@odata.context": `${context}/$entity`, ...renderSubscription(notifications.get(id ?? "")) },
          headers,
        );
      case "PATCH item": {
        const sub = await notifications.update(id ?? "", await jsonBody(req));
        return sendJson(res, 200, { "@odata.context": `${context}/$entity`, ...renderSubscription(sub) }, headers);
      }
      case "DELETE item":
        notifications.delete(id ?? "");
        return sendEmpty(res, 204, headers);
      case "POST reauthorize":
        notifications.reauthorize(id ?? "");
        return sendEmpty(res, 204, headers);
      default:
        throw new GraphProblem(405, "Request_BadRequest", `The HTTP method '${method}' is not supported here.`);
    }
  } catch (e) {
    if (!(e instanceof GraphProblem)) throw e;
    sendJson(res, e.status, graphErrorBody(e.code, e.message, requestId, headers["client-request-id"]), headers);
  }
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GraphProblem(
      400,
      "BadRequest",
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    );
  }
}

function lastSegment(url: URL): string {
  return url.pathname.replace(/\/+$/, "").split("/").pop() ?? "";
}
