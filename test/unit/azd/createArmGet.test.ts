/** createArmGet: a bearer token for ARM on each GET, and every failure turned into an answer (never a throw). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { createArmGet } from "../../../dev/azd/createArmGet";

const credential = (token: AccessToken | null | Error): TokenCredential & { scopes: string[] } => {
  const scopes: string[] = [];
  return {
    scopes,
    getToken: (scope) => {
      scopes.push(...(Array.isArray(scope) ? scope : [scope]));
      return token instanceof Error ? Promise.reject(token) : Promise.resolve(token);
    },
  };
};
const TOKEN: AccessToken = { token: "t0k", expiresOnTimestamp: 0 };

void describe("createArmGet", () => {
  void test("GETs endpoint + path with the token for the endpoint and returns status and JSON body", async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const cred = credential(TOKEN);
    const get = createArmGet(cred, {
      endpoint: "https://arm.example/",
      fetch: (url, init) => {
        seen.push({
          url: url instanceof Request ? url.url : url.toString(),
          auth: new Headers(init?.headers).get("authorization"),
        });
        return Promise.resolve(new Response('{"name":"kv"}', { status: 200 }));
      },
    });
    assert.deepEqual(await get("/subscriptions/s?api-version=1"), { status: 200, body: { name: "kv" } });
    assert.deepEqual(seen, [{ url: "https://arm.example/subscriptions/s?api-version=1", auth: "Bearer t0k" }]);
    assert.deepEqual(cred.scopes, ["https://arm.example/.default"]);
  });

  void test("an error status keeps its body; an empty body is null", async () => {
    const body = { error: { code: "ResourceNotFound" } };
    const notFound = createArmGet(credential(TOKEN), {
      fetch: () => Promise.resolve(new Response(JSON.stringify(body), { status: 404 })),
    });
    assert.deepEqual(await notFound("/x"), { status: 404, body });
    const empty = createArmGet(credential(TOKEN), { fetch: () => Promise.resolve(new Response("", { status: 200 })) });
    assert.deepEqual(await empty("/x"), { status: 200, body: null });
  });

  void test("no token, a throwing credential, a network error or a body that is not JSON: failed", async () => {
    const never = (): Promise<Response> => Promise.reject(new Error("fetch must not be called"));
    const cases: [TokenCredential, typeof fetch, RegExp][] = [
      [credential(null), never, /no Azure Resource Manager token/],
      [credential(new Error("azd auth login first")), never, /azd auth login first/],
      [credential(TOKEN), () => Promise.reject(new TypeError("fetch failed")), /TypeError: fetch failed/],
      [credential(TOKEN), () => Promise.resolve(new Response("<html>", { status: 502 })), /HTTP 502 .*not JSON/],
    ];
    for (const [cred, fetchFn, expected] of cases) {
      const answer = await createArmGet(cred, { fetch: fetchFn })("/x");
      assert.ok("failed" in answer, JSON.stringify(answer));
      assert.match(answer.failed, expected);
    }
  });
});
