/** The HTTP answers of provision on demand, and who the activity record says asked. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpRequest } from "@azure/functions";
import { onDemandResponse } from "../../../shared/hosting/onDemandResponse";
import { requestedBy } from "../../../shared/hosting/requestedBy";

void describe("onDemandResponse", () => {
  void it("404 for an object Entra ID does not have, 409 for a busy lease, 503 with Retry-After when unavailable", () => {
    const nf = onDemandResponse({ kind: "notFound", objectType: "User", query: "x@y", message: "No user" });
    assert.equal(nf.status, 404);
    assert.deepEqual(nf.jsonBody, {
      error: { code: "NotFound", message: "No user" },
      objectType: "User",
      query: "x@y",
    });
    const busy = onDemandResponse({
      kind: "busy",
      objectType: "User",
      objectId: "u1",
      message: "busy",
      waitedMs: 10_000,
      leaseExpiresAt: "T",
    });
    assert.equal(busy.status, 409);
    assert.deepEqual((busy.jsonBody as { error: unknown }).error, { code: "LeaseBusy", message: "busy" });
    const down = onDemandResponse({
      kind: "unavailable",
      objectType: "User",
      objectId: "u1",
      code: "SlackUnavailable",
      message: "down",
      retryAfterMs: 2_500,
      slack: [],
    });
    assert.equal(down.status, 503);
    assert.deepEqual(down.headers, { "retry-after": "3" });
  });
});

void describe("requestedBy", () => {
  const principal = Buffer.from(
    JSON.stringify({ name_typ: "name", claims: [{ typ: "name", val: "ada@contoso.example" }] }),
  ).toString("base64");
  void it("the signed-in caller on the sign-in route, automation on the key route", () => {
    const signedIn = new HttpRequest({
      method: "POST",
      url: "https://app.example/api/provision/users/u1",
      headers: { "x-ms-client-principal": principal },
    });
    assert.equal(requestedBy(signedIn), "ada@contoso.example (API)");
    const automation = new HttpRequest({
      method: "POST",
      url: "https://app.example/api/automation/provision/users/u1",
      headers: { "x-ms-client-principal": principal },
    });
    assert.equal(requestedBy(automation), "automation (function key)");
    assert.equal(
      requestedBy(new HttpRequest({ method: "POST", url: "https://app.example/api/provision/users/u1" })),
      "an operator (API)",
    );
  });
});
