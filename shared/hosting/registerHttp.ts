import type { HttpHandler, HttpMethod, HttpRequest } from "@azure/functions";
import { checkAmbientCsrf } from "./checkAmbientCsrf";
import type { OperatorRoleName } from "./operatorRoles";
import { authorizeOperator } from "./operatorRoles";
import { registerFunction } from "./registerFunction";
import { signInEnabled } from "./signInEnabled";

export interface OperatorHttpFunction {
  name: string;
  /** Route below /api, e.g. "status" or "activity/{kind?}/{objectId?}". */
  route: string;
  methods: HttpMethod[];
  /** The app role a signed-in caller needs: one for the function, or one per request (e.g. GET reads, POST acts). */
  role: OperatorRoleName | ((request: HttpRequest) => OperatorRoleName);
  handler: HttpHandler;
  /**
   * Whether an automation twin is registered (default true). False for a flow bound to the signed-in person (Slack
   * Authorize: its state belongs to one operator's sign-in), which a function key, naming no one, cannot use.
   */
  automation?: boolean;
}

/** Routes for automation live below this segment: `/api/automation/<route>`, authenticated by a function key. */
export const AUTOMATION_ROUTE_PREFIX = "automation";

/**
 * Registers one function of the operator API twice, with the protection declared here once:
 *
 * - **`/api/<route>`, for people** (the dashboard, a browser, or a client holding an Entra token for the app):
 *   authLevel "anonymous" at the Functions host because App Service Authentication stands in front and requires
 *   sign-in; the handler trusts the platform's `x-ms-client-principal` only when authentication is on
 *   (signInEnabled), answers 401 otherwise, 403 naming the app role a caller lacks, and refuses cross-site requests
 *   that ride on the session cookie (checkAmbientCsrf).
 * - **`/api/automation/<route>`, for automation**: authLevel "function" (a function key, sent as `x-functions-key`),
 *   excluded from App Service Authentication in the Bicep. A key is all-or-nothing for its function, so no role
 *   applies; use a function key, not the host key (which also allows a full restart). Not for a function registered
 *   with `automation: false`.
 */
export function registerHttp(fn: OperatorHttpFunction): void {
  const { role, handler, name, route, methods } = fn;
  const signedIn: HttpHandler = async (request, context) =>
    authorizeOperator(request, typeof role === "function" ? role(request) : role, signInEnabled()) ??
    checkAmbientCsrf(request) ??
    handler(request, context);
  registerFunction({ kind: "http", name, route, methods, authLevel: "anonymous", handler: signedIn });
  if (fn.automation === false) return;
  registerFunction({
    kind: "http",
    name: `${name}Automation`,
    route: `${AUTOMATION_ROUTE_PREFIX}/${route}`,
    methods,
    authLevel: "function",
    handler,
  });
}

/** GET reads (Reader); anything else acts (Operator). */
export const readsOrActs = (request: HttpRequest): OperatorRoleName =>
  request.method === "GET" ? "reader" : "operator";
