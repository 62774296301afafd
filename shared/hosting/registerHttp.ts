import type { HttpHandler, HttpMethod, HttpRequest } from "@azure/functions";
import type { OperatorRoleName } from "./operatorRoles";
import { authorizeOperator } from "./operatorRoles";
import { registerFunction } from "./registerFunction";

export interface OperatorHttpFunction {
  name: string;
  /** Route below /api, e.g. "status" or "activity/{kind?}/{objectId?}". */
  route: string;
  methods: HttpMethod[];
  /** The app role a signed-in caller needs: one for the function, or one per request (e.g. GET reads, POST acts). */
  role: OperatorRoleName | ((request: HttpRequest) => OperatorRoleName);
  handler: HttpHandler;
}

/**
 * Registers one function of the operator API. Every operator function has the same protection, declared here once:
 * authLevel "function" (a function or host key in Azure, for automation) and, for a caller signed in through App
 * Service Authentication, the app role it declares (answered 403 naming the role otherwise).
 */
export function registerHttp(fn: OperatorHttpFunction): void {
  const { role, handler, ...rest } = fn;
  const guarded: HttpHandler = async (request, context) =>
    authorizeOperator(request, typeof role === "function" ? role(request) : role) ?? handler(request, context);
  registerFunction({ kind: "http", authLevel: "function", ...rest, handler: guarded });
}

/** GET reads (Reader); anything else acts (Operator). */
export const readsOrActs = (request: HttpRequest): OperatorRoleName =>
  request.method === "GET" ? "reader" : "operator";
