import type { HttpRequest } from "@azure/functions";
import { AUTOMATION_ROUTE_PREFIX } from "./registerHttp";
import { readClientPrincipal } from "./operatorRoles";

/**
 * Pure: who sent an operator API request, for the activity record: the signed-in caller's name (App Service
 * Authentication's principal, which the sign-in routes have already checked), or automation on the function-key route.
 */
export function requestedBy(request: HttpRequest): string {
  const path = new URL(request.url).pathname;
  if (path.startsWith(`/api/${AUTOMATION_ROUTE_PREFIX}/`)) return "automation (function key)";
  const principal = readClientPrincipal(request.headers.get("x-ms-client-principal"));
  const name = principal && principal !== "invalid" ? principal.name : undefined;
  return name ? `${name} (API)` : "an operator (API)";
}
