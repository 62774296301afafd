import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { HttpResponseInit } from "@azure/functions";
import { HttpRequest, InvocationContext } from "@azure/functions";
import { authorizeOperator, readClientPrincipal } from "../../../shared/hosting/operatorRoles";
import { registeredFunctions } from "../../../shared/hosting/registerFunction";

const OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier";

/** An `x-ms-client-principal` header as App Service Authentication writes it. */
function principal(roles: readonly string[], name = "ada@contoso.example"): string {
  const claims = [
    { typ: "name", val: name },
    { typ: OBJECT_ID, val: `oid-of-${name}` },
    ...roles.map((val) => ({ typ: "roles", val })),
  ];
  return Buffer.from(JSON.stringify({ auth_typ: "aad", name_typ: "name", role_typ: "roles", claims })).toString(
    "base64",
  );
}

const request = (method: string, headers: Record<string, string> = {}) =>
  new HttpRequest({ method, url: "http://127.0.0.1/api/x", headers });

void describe("readClientPrincipal", () => {
  void it("reads the name, the object id and the roles", () => {
    assert.deepEqual(readClientPrincipal(principal(["Provisioning.Reader"])), {
      name: "ada@contoso.example",
      id: "oid-of-ada@contoso.example",
      roles: ["Provisioning.Reader"],
    });
  });
  void it("the object id also as the short oid claim", () => {
    const header = Buffer.from(JSON.stringify({ claims: [{ typ: "oid", val: "o-1" }] })).toString("base64");
    assert.deepEqual(readClientPrincipal(header), { id: "o-1", roles: [] });
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
  const cases: {
    name: string;
    header?: string;
    role: "reader" | "operator";
    trusted?: false;
    want: number | undefined;
  }[] = [
    { name: "a reader reads", header: principal(["Provisioning.Reader"]), role: "reader", want: undefined },
    { name: "a reader cannot act", header: principal(["Provisioning.Reader"]), role: "operator", want: 403 },
    { name: "an operator acts", header: principal(["Provisioning.Operator"]), role: "operator", want: undefined },
    { name: "an operator reads too", header: principal(["Provisioning.Operator"]), role: "reader", want: undefined },
    { name: "signed in without a role", header: principal([]), role: "reader", want: 403 },
    { name: "a role of another app does not count", header: principal(["Admin"]), role: "reader", want: 403 },
    { name: "a forged, unreadable principal", header: "Zm9yZ2Vk", role: "reader", want: 401 },
    { name: "nobody signed in", role: "reader", want: 401 },
    {
      name: "a principal header without App Service Authentication in front could be forged",
      header: principal(["Provisioning.Operator"]),
      role: "reader",
      trusted: false,
      want: 401,
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const headers: Record<string, string> = c.header ? { "x-ms-client-principal": c.header } : {};
      const got = authorizeOperator(request("POST", headers), c.role, c.trusted ?? true);
      assert.equal(got?.status, c.want);
      if (c.want === 403)
        assert.match(JSON.stringify(got?.jsonBody), /needs the app role Provisioning\.(Reader|Operator)/);
    });
  }
});

void describe("every HTTP function checks the caller's role", () => {
  /** What each function needs for each method: GET reads, and only the listed routes act. */
  const acts = new Set([
    "POST cycles",
    "POST job/{action}",
    "POST held/{action?}",
    "POST provision/users/{user}",
    "POST provision/groups/{groupId}",
    "POST drift/scan",
    "GET slack/authorize",
    "GET slack/oauth/callback",
  ]);

  /** Bound to the signed-in operator who starts them (Slack Authorize): no automation twin, a key names no one. */
  const SIGN_IN_ONLY = new Set(["slack/authorize", "slack/oauth/callback"]);

  /** Called by Microsoft Graph, not by people: checked by its clientState instead (test/unit/notifications). */
  const WEBHOOKS = new Set(["graph/notifications"]);

  const loadHttpFunctions = async () => {
    const functionsDir = join(__dirname, "..", "..", "..", "functions");
    for (const f of readdirSync(functionsDir).filter((n) => n.endsWith(".js"))) await import(join(functionsDir, f));
    const http = registeredFunctions().flatMap((d) => (d.kind === "http" && !WEBHOOKS.has(d.route) ? [d] : []));
    assert.ok(http.length >= 20, "the HTTP functions were loaded");
    return http;
  };

  void it("a reader gets 403 exactly from the functions that act; an operator never does; no one else gets in", async () => {
    const signIn = process.env.WEBSITE_AUTH_ENABLED;
    process.env.WEBSITE_AUTH_ENABLED = "True";
    try {
      const http = (await loadHttpFunctions()).filter((d) => !d.route.startsWith("automation/"));
      assert.ok(http.length >= 10);
      const refusedToReader: string[] = [];
      for (const def of http) {
        assert.equal(def.authLevel, "anonymous", `${def.route}: App Service Authentication guards it, not a key`);
        for (const method of def.methods) {
          const call = async (headers: Record<string, string>): Promise<HttpResponseInit> =>
            await def.handler(
              new HttpRequest({ method, url: "http://127.0.0.1/api/x", headers, params: { action: "approve" } }),
              new InvocationContext({ functionName: def.name }),
            );
          const as = (roles: string[]) =>
            call({ "x-ms-client-principal": principal(roles) }).catch(() => ({ status: 500 }));
          const asReader = await as(["Provisioning.Reader"]);
          const asOperator = await as(["Provisioning.Operator"]);
          assert.equal((await as([])).status, 403, `${method} ${def.route} refuses a caller without a role`);
          assert.equal((await call({})).status, 401, `${method} ${def.route} refuses a caller who did not sign in`);
          const forged = await call({ "x-ms-client-principal": "eyJmb3JnZWQiOnRydWV9" });
          assert.equal(forged.status, 401, `${method} ${def.route} refuses an unreadable principal`);
          assert.notEqual(asOperator.status, 403, `${method} ${def.route} lets an operator in`);
          assert.notEqual(asOperator.status, 401, `${method} ${def.route} lets an operator in`);
          if (asReader.status === 403) refusedToReader.push(`${method} ${def.route}`);
        }
      }
      assert.deepEqual(refusedToReader.sort(), [...acts].sort());

      process.env.WEBSITE_AUTH_ENABLED = "False";
      for (const def of http) {
        const method = def.methods[0] ?? "GET";
        const res = await def.handler(
          new HttpRequest({
            method,
            url: "http://127.0.0.1/api/x",
            headers: { "x-ms-client-principal": principal(["Provisioning.Operator"]) },
          }),
          new InvocationContext({ functionName: def.name }),
        );
        assert.equal(res.status, 401, `${def.route}: without App Service Authentication the header could be forged`);
      }
    } finally {
      if (signIn === undefined) delete process.env.WEBSITE_AUTH_ENABLED;
      else process.env.WEBSITE_AUTH_ENABLED = signIn;
    }
  });

  void it("every function but the sign-in-only ones also has an automation route that needs a function key", async () => {
    const http = await loadHttpFunctions();
    const people = http.filter((d) => !d.route.startsWith("automation/") && !SIGN_IN_ONLY.has(d.route));
    for (const def of SIGN_IN_ONLY) {
      assert.ok(
        http.some((d) => d.route === def),
        `${def} is registered`,
      );
      assert.ok(!http.some((d) => d.route === `automation/${def}`), `${def} has no automation twin`);
    }
    for (const def of people) {
      const twin = http.find((d) => d.route === `automation/${def.route}`);
      assert.ok(twin, `automation/${def.route} exists`);
      assert.equal(twin.authLevel, "function");
      assert.deepEqual(twin.methods, def.methods);
    }
    assert.equal(http.length, people.length * 2 + SIGN_IN_ONLY.size);
  });
});
