import type { HttpHandler, HttpMethod } from "@azure/functions";
import { registerFunction } from "./registerFunction";

export interface OperatorHttpFunction {
  name: string;
  /** Route below /api, e.g. "status" or "activity/{kind?}/{objectId?}". */
  route: string;
  methods: HttpMethod[];
  handler: HttpHandler;
}

/**
 * Registers one function of the operator API. Every operator function has the same protection (authLevel
 * "function": a function or host key in Azure), declared here once.
 */
export function registerHttp(fn: OperatorHttpFunction): void {
  registerFunction({ kind: "http", authLevel: "function", ...fn });
}
