import { randomUUID } from "node:crypto";

/** The JSON error body every Graph error carries: {"error":{"code","message","innerError":{date, request-id, …}}}. */
export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    innerError: Record<string, string>;
  };
}

export function graphErrorBody(
  code: string,
  message: string,
  requestId: string,
  clientRequestId: string = requestId,
  innerExtra: Record<string, string> = {},
): GraphErrorBody {
  return {
    error: {
      code,
      message,
      innerError: {
        ...innerExtra,
        date: new Date().toISOString().replace(/\.\d+Z$/, ""),
        "request-id": requestId,
        "client-request-id": clientRequestId,
      },
    },
  };
}

/** A fresh request id, as Graph returns in `request-id`. */
export function newRequestId(): string {
  return randomUUID();
}
