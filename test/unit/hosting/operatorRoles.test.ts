import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { HttpResponseInit } from "@azure/functions";
import { HttpRequest, InvocationContext } from "@azure/functions";
import { authorizeOperator, readClientPrincipal } from "../../../shared/hosting/operatorRoles";
import { registeredFunctions } from "../../../shared/hosting/registerFunction";

/** An `x-ms-client-principal` header as App Service Authentication writes it. */
function principal(roles: readonly string[], name = "ada@contoso.example"): string {
  const claims = [{ typ: "name", val: name }, ...roles.map((val) => ({ typ: "roles", val }))];
  return Buffer.from(JSON.stringify({ auth_typ: "aad", name_typ: "name", role_typ: "roles", claims })).toString(
    "base64",
  );
}

const request = (method: string, headers: Record<string, string> = {}) =>
  new HttpRequest({ method, url: "http://127.0.0.1/api/x", headers });

void describe("readClientPrincipal", () => {
  void it("reads the name and the roles", () => {
    assert.deepEqual(readClientPrincipal(principal(["Provisioning.Reader"])), {
      name: "ada@contoso.example",
      roles: ["Provisioning.Reader"],
    });
  });
  void it("no header: a request with a function key (automation)", () => {
    assert.equal(readClientPrincipal(null), undefined);
  });
  void it("garbage is invalid, never a principal", () => {
    assert.equal(readClientPrincipal("not base64 json"), "invalid");
    assert.equal(readClientPrincipal(Buffer.from('{"claims": 5}').toString("base64")), "invalid");
  });
});

void describe("authorizeOperator", () => {
  const cases: { name: string; header?: string; role: "reader" | "operator"; want: number | undefined }[] = [
    { name: "a reader reads", header: principal(["Provisioning.Reader"]), role: "reader", want: undefined },
    { name: "a reader cannot act", header: principal(["Provisioning.Reader"]), role: "operator", want: 403 },
    { name: "an operator acts", header: principal(["Provisioning.Operator"]), role: "operator", want: undefined },
    { name: "an operator reads too", header: principal(["Provisioning.Operator"]), role: "reader", want: undefined },
    { name: "signed in without a role", header: principal([]), role: "reader", want: 403 },
    { name: "a role of another app does not count", header: principal(["Admin"]), role: "reader", want: 403 },
    { name: "a forged, unreadable principal", header: "Zm9yZ2Vk", role: "reader", want: 401 },
    { name: "no principal: automation with a key", role: "operator", want: undefined },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const got = authorizeOperator(request("POST", c.header ? { "x-ms-client-principal": c.header } : {}), c.role);
      assert.equal(got?.status, c.want);
      if (c.want === 403)
        assert.match(JSON.stringify(got?.jsonBody), /needs the app role Provisioning\.(Reader|Operator)/);
    });
  }
});

void describe("every HTTP function checks the caller's role", () => {
  /** What each function needs for each method: GET reads, and only the listed routes act. */
  const acts = new Set(["POST cycles", "POST job/{action}", "POST held/{action?}"]);

  void it("a reader gets 403 exactly from the functions that act; an operator never does", async () => {
    const functionsDir = join(__dirname, "..", "..", "..", "functions");
    for (const f of readdirSync(functionsDir).filter((n) => n.endsWith(".js"))) await import(join(functionsDir, f));
    const http = registeredFunctions().filter((d) => d.kind === "http");
    assert.ok(http.length >= 10, "the HTTP functions were loaded");
    const refusedToReader: string[] = [];
    for (const def of http) {
      if (def.kind !== "http") continue;
      for (const method of def.methods) {
        const call = async (roles: string[]): Promise<HttpResponseInit> =>
          await def.handler(
            new HttpRequest({
              method,
              url: "http://127.0.0.1/api/x",
              headers: { "x-ms-client-principal": principal(roles) },
              params: { action: "approve" },
            }),
            new InvocationContext({ functionName: def.name }),
          );
        const asReader = await call(["Provisioning.Reader"]).catch(() => ({ status: 500 }));
        const asOperator = await call(["Provisioning.Operator"]).catch(() => ({ status: 500 }));
        const asNobody = await call([]).catch(() => ({ status: 500 }));
        assert.equal(asNobody.status, 403, `${method} ${def.route} refuses a caller without a role`);
        assert.notEqual(asOperator.status, 403, `${method} ${def.route} lets an operator in`);
        if (asReader.status === 403) refusedToReader.push(`${method} ${def.route}`);
      }
    }
    assert.deepEqual(refusedToReader.sort(), [...acts].sort());
  });
});
