import type { HttpResponseInit } from "@azure/functions";
import type { OnDemandResult } from "../engine/onDemand/OnDemandResult";

/**
 * Pure: the HTTP answer of provision on demand. 200 with the run's steps (also when there was nothing to do: then
 * `recorded` is false and the reason says why); 404 when Entra ID has no such object; 409 when another run (a
 * cycle's) kept the object's lease past the wait; 503 with Retry-After when Slack or Graph asked to wait or failed
 * for now (nothing was recorded). Errors carry `error.code` and `error.message` like every operator API error.
 */
export function onDemandResponse(result: OnDemandResult): HttpResponseInit {
  switch (result.kind) {
    case "done":
      return { status: 200, jsonBody: result.answer };
    case "notFound": {
      const { kind: _kind, message, ...rest } = result;
      return { status: 404, jsonBody: { error: { code: "NotFound", message }, ...rest } };
    }
    case "busy": {
      const { kind: _kind, message, ...rest } = result;
      return { status: 409, jsonBody: { error: { code: "LeaseBusy", message }, ...rest } };
    }
    case "unavailable": {
      const { kind: _kind, code, message, ...rest } = result;
      const seconds = Math.max(1, Math.ceil((result.retryAfterMs ?? 5_000) / 1000));
      return {
        status: 503,
        headers: { "retry-after": String(seconds) },
        jsonBody: { error: { code, message }, ...rest },
      };
    }
  }
}
