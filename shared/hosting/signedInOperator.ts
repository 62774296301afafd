import type { HttpRequest } from "@azure/functions";
import { readClientPrincipal } from "./operatorRoles";

/** The signed-in operator, as far as a flow bound to them needs: a stable id, and a name to show. */
export interface SignedInOperator {
  /** The Entra object id (stable across sign-ins and renames). */
  id: string;
  name: string | undefined;
}

/**
 * Pure: who is signed in, by a stable id: the principal's object id claim, or App Service Authentication's
 * `x-ms-client-principal-id` header. Only meaningful on a sign-in route, after authorizeOperator trusted the platform's
 * headers (the platform strips client-sent ones). Undefined when neither names anyone.
 */
export function signedInOperator(request: HttpRequest): SignedInOperator | undefined {
  const principal = readClientPrincipal(request.headers.get("x-ms-client-principal"));
  const known = principal && principal !== "invalid" ? principal : undefined;
  const id = known?.id ?? request.headers.get("x-ms-client-principal-id")?.trim();
  return id ? { id, name: known?.name } : undefined;
}
