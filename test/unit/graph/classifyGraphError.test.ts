import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { GraphError } from "@microsoft/microsoft-graph-client";
import {
  ConfigurationError,
  CredentialError,
  DeltaTokenExpiredError,
  GraphRequestError,
  ThrottledError,
  TransientError,
} from "../../../shared/errors";
import type { ProvisioningError } from "../../../shared/errors";
import { classifyGraphError, DEFAULT_THROTTLE_DELAY_MS } from "../../../shared/graph/classifyGraphError";
import { ForeignGraphHostError } from "../../../shared/graph/graphLinks";

function graphError(status: number, code: string | null, body?: unknown, headers?: Record<string, string>): GraphError {
  const e = new GraphError(status, "message from Graph");
  e.code = code;
  e.body = body === undefined ? undefined : JSON.stringify(body);
  if (headers) e.headers = new Headers(headers);
  return e;
}

type Ctor = abstract new (...args: never[]) => ProvisioningError;

void describe("classifyGraphError", () => {
  const table: { name: string; error: unknown; type: Ctor; check?: (e: ProvisioningError) => void }[] = [
    {
      name: "429 with Retry-After seconds",
      error: graphError(429, "TooManyRequests", undefined, { "retry-after": "7" }),
      type: ThrottledError,
      check: (e) => assert.equal(e.retryAfterMs, 7000),
    },
    {
      name: "429 without Retry-After",
      error: graphError(429, "TooManyRequests"),
      type: ThrottledError,
      check: (e) => assert.equal(e.retryAfterMs, DEFAULT_THROTTLE_DELAY_MS),
    },
    { name: "500", error: graphError(500, "InternalServerError"), type: TransientError },
    {
      name: "503 with Retry-After",
      error: graphError(503, "serviceNotAvailable", undefined, { "retry-after": "3" }),
      type: TransientError,
      check: (e) => {
        assert.equal(e.retryAfterMs, 3000);
        assert.equal(e.status, 503);
      },
    },
    { name: "504", error: graphError(504, "GatewayTimeout"), type: TransientError },
    { name: "401", error: graphError(401, "InvalidAuthenticationToken"), type: CredentialError },
    {
      name: "403",
      error: graphError(403, "Authorization_RequestDenied"),
      type: CredentialError,
      check: (e) => assert.match(e.message, /Application\.Read\.All/),
    },
    { name: "410 without body", error: graphError(410, null), type: DeltaTokenExpiredError },
    { name: "400 syncStateNotFound", error: graphError(400, "syncStateNotFound"), type: DeltaTokenExpiredError },
    {
      name: "410 SyncStateNotFound (PascalCase)",
      error: graphError(410, "SyncStateNotFound"),
      type: DeltaTokenExpiredError,
    },
    { name: "400 resyncRequired", error: graphError(400, "RESYNCREQUIRED"), type: DeltaTokenExpiredError },
    {
      name: "400 with syncStateNotFound only in an inner error",
      error: graphError(400, "BadRequest", { code: "BadRequest", innerError: { code: "syncStateNotFound" } }),
      type: DeltaTokenExpiredError,
    },
    {
      name: "400 other",
      error: graphError(400, "Request_UnsupportedQuery"),
      type: GraphRequestError,
      check: (e) => assert.equal((e as GraphRequestError).graphCode, "Request_UnsupportedQuery"),
    },
    { name: "404", error: graphError(404, "Request_ResourceNotFound"), type: GraphRequestError },
    { name: "no response (connection)", error: graphError(-1, "TypeError"), type: TransientError },
    {
      name: "no response (timeout)",
      error: graphError(-1, "TimeoutError"),
      type: TransientError,
      check: (e) => assert.equal(e.code, "GraphTimeout"),
    },
    { name: "plain Error", error: new Error("socket hang up"), type: TransientError },
    { name: "foreign host", error: new ForeignGraphHostError("https://evil.example/x"), type: ConfigurationError },
    {
      name: "typed error wrapped in customError passes through",
      error: Object.assign(new Error("wrapped"), { customError: new CredentialError("graph", "bad secret") }),
      type: CredentialError,
      check: (e) => assert.equal(e.message, "bad secret"),
    },
  ];

  for (const c of table) {
    void it(c.name, () => {
      const e = classifyGraphError(c.error, "reading users/delta");
      assert.ok(e instanceof c.type, `${c.name}: got ${e.name}`);
      c.check?.(e);
    });
  }

  void it("never echoes bearer tokens", () => {
    const e = classifyGraphError(graphError(400, "BadRequest"), "x");
    assert.ok(!/Bearer\s+\w/.test(e.message));
    const err = new GraphError(400, "bad header Authorization: Bearer eyJabc.def");
    err.code = "BadRequest";
    assert.ok(!classifyGraphError(err, "x").message.includes("eyJabc"));
  });
});
