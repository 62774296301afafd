/**
 * Slack Authorize through the real HTTP functions (role guard included) against Azurite and the Slack emulator's
 * OAuth: two signed-in operators, the emulator's authorize page in between. The token stored is what the next Slack
 * call sends; another operator's state, an expired state, a replay and Slack's refusal of the app's client id or
 * secret are refused with a message that names what to check, and store nothing.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { HttpResponseInit } from "@azure/functions";
import { HttpRequest, InvocationContext } from "@azure/functions";
import "../../../functions/slackAuthorize";
import { fetchHttpClient } from "../../../shared/http/fetchHttpClient";
import { registeredFunctions } from "../../../shared/hosting/registerFunction";
import { engine } from "../../../shared/runtime/engine";
import { HttpSlackOAuthExchange } from "../../../shared/slack/authorize/HttpSlackOAuthExchange";
import { operatorKey, stateKey } from "../../../shared/slack/authorize/operatorKey";
import type { AuthorizeSetup } from "../../../shared/slack/authorize/resolveAuthorizeSetup";
import { SlackAuthorizeFlow } from "../../../shared/slack/authorize/SlackAuthorizeFlow";
import { EngineHarness } from "../../support/EngineHarness";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();
const APP = "http://127.0.0.1:7071";

interface Operator {
  id: string;
  name: string;
  roles: string[];
}
const ADA: Operator = { id: "oid-ada", name: "ada@contoso.example", roles: ["Provisioning.Operator"] };
const BOB: Operator = { id: "oid-bob", name: "bob@contoso.example", roles: ["Provisioning.Operator"] };
const READER: Operator = { id: "oid-rita", name: "rita@contoso.example", roles: ["Provisioning.Reader"] };

/** Calls the registered sign-in function `name` as App Service Authentication presents `who`. */
async function call(
  name: string,
  url: string,
  who: Operator,
  accept = "application/json",
): Promise<{ status: number; headers: Headers; json: unknown; body: unknown }> {
  const def = registeredFunctions().find((d) => d.name === name);
  assert.ok(def?.kind === "http", `HTTP function ${name}`);
  const principal = Buffer.from(
    JSON.stringify({
      auth_typ: "aad",
      claims: [
        { typ: "name", val: who.name },
        { typ: "http://schemas.microsoft.com/identity/claims/objectidentifier", val: who.id },
        ...who.roles.map((val) => ({ typ: "roles", val })),
      ],
    }),
  ).toString("base64");
  const res = (await def.handler(
    new HttpRequest({ method: "GET", url, headers: { "x-ms-client-principal": principal, accept } }),
    new InvocationContext({ functionName: name, logHandler: () => undefined }),
  )) as HttpResponseInit;
  return { status: res.status ?? 200, headers: new Headers(res.headers), json: res.jsonBody, body: res.body };
}

const errorOf = (json: unknown) => (json as { error: { code: string; message: string } }).error;

void describe("Slack Authorize (HTTP functions, Azurite, the Slack emulator's OAuth)", () => {
  let h: EngineHarness;

  before(async () => {
    const { connectionString } = await azurite.ready();
    h = await new EngineHarness({ connectionString }).start();
    azurite.beforeStop(() => h.stop());
    Object.assign(process.env, h.settings, {
      SLACK_CLIENT_ID: h.slack.oauth.clientId,
      SLACK_CLIENT_SECRET: h.slack.oauth.clientSecret,
      SLACK_OAUTH_BASE_URL: h.slack.origin,
      WEBSITE_AUTH_ENABLED: "True",
    });
  });

  /** Authorize as `who` up to Slack's redirect back: the callback URL the browser is sent to. */
  async function authorizeAs(who: Operator): Promise<string> {
    const start = await call("slackAuthorize", `${APP}/api/slack/authorize`, who);
    assert.equal(start.status, 302, JSON.stringify(start.json));
    const slackPage = start.headers.get("location") ?? "";
    assert.ok(slackPage.startsWith(`${h.slack.origin}/oauth/v2/authorize?`), slackPage);
    const res = await fetch(slackPage, { redirect: "manual" });
    await res.arrayBuffer();
    const back = res.headers.get("location") ?? "";
    assert.ok(back.startsWith(`${APP}/api/slack/oauth/callback?`), back);
    return back;
  }

  const lastToken = () =>
    h.slack.store
      .requests()
      .filter((r) => r.token)
      .at(-1)?.token;

  void it("connects: the token is stored and the next Slack call sends it; a replay is refused", async () => {
    const callback = await authorizeAs(ADA);
    const done = await call("slackOAuthCallback", callback, ADA);
    assert.equal(done.status, 200, JSON.stringify(done.json));
    const body = done.json as { connected: boolean; scope: string; storedIn: string };
    assert.equal(body.connected, true);
    assert.equal(body.scope, "admin");
    assert.match(body.storedIn, /^Table Storage \(table SlackTokens/);
    const [issued] = h.slack.store.listTokens().filter((t) => t.label !== "initial");
    assert.ok(!JSON.stringify(done).includes("xoxp-1-"), "the answer carries no token");

    await engine().slack.countUsers();
    assert.equal(lastToken(), issued?.label, "the next Slack call sent the new token");

    const replay = await call("slackOAuthCallback", callback, ADA);
    assert.equal(replay.status, 400);
    assert.equal(errorOf(replay.json).code, "OAuthStateUsed");
    assert.equal(h.slack.store.listTokens().length, 2, "no second exchange");
  });

  void it("another operator's state is refused and not used up: its owner completes it", async () => {
    const callback = await authorizeAs(ADA);
    const bob = await call("slackOAuthCallback", callback, BOB);
    assert.equal(bob.status, 400);
    assert.equal(errorOf(bob.json).code, "OAuthStateOfAnotherOperator");
    assert.match(errorOf(bob.json).message, /started by another signed-in operator/);
    const ada = await call("slackOAuthCallback", callback, ADA);
    assert.equal(ada.status, 200, JSON.stringify(ada.json));
  });

  void it("an expired state is refused before any exchange", async () => {
    const ctx = engine();
    const now = new Date();
    await ctx.oauthStates.create(
      ctx.jobId,
      stateKey("stale-state"),
      {
        operator: operatorKey(ADA.id),
        redirectUri: `${APP}/api/slack/oauth/callback`,
        expiresAt: new Date(now.getTime() - 1).toISOString(),
      },
      now,
    );
    const before = h.slack.store.listTokens().length;
    const res = await call("slackOAuthCallback", `${APP}/api/slack/oauth/callback?code=1.2.3&state=stale-state`, ADA);
    assert.equal(res.status, 400);
    assert.equal(errorOf(res.json).code, "OAuthStateExpired");
    assert.equal(h.slack.store.listTokens().length, before);
  });

  void it("a reader may not authorize; a browser gets a page that explains a refusal", async () => {
    const reader = await call("slackAuthorize", `${APP}/api/slack/authorize`, READER);
    assert.equal(reader.status, 403);
    const page = await call(
      "slackOAuthCallback",
      `${APP}/api/slack/oauth/callback?code=x&state=forged`,
      ADA,
      "text/html",
    );
    assert.equal(page.status, 400);
    assert.equal(page.headers.get("content-type"), "text/html; charset=utf-8");
    assert.match(String(page.body), /Slack was not connected.*not started here.*OAuthStateUnknown/s);
  });

  void it("Slack refusing the app's client id or secret names the setting to fix, and stores nothing", async () => {
    const ctx = engine();
    const good: AuthorizeSetup = {
      baseUrl: h.slack.origin,
      clientId: h.slack.oauth.clientId,
      clientSecret: h.slack.oauth.clientSecret,
      redirectUri: `${APP}/api/slack/oauth/callback`,
    };
    const cases = [
      { wrong: { clientSecret: "not-the-secret" }, says: /bad_client_secret.*SLACK_CLIENT_SECRET/ },
      { wrong: { clientId: "9.9" }, says: /invalid_client_id.*SLACK_CLIENT_ID/ },
    ];
    for (const c of cases) {
      const setup = { ...good, ...c.wrong };
      const exchange = new HttpSlackOAuthExchange(setup, fetchHttpClient);
      const started = new URL(
        await new SlackAuthorizeFlow(ctx, { setup: good, exchange }).start({ id: ADA.id, name: ADA.name }),
      );
      const res = await fetch(started, { redirect: "manual" });
      await res.arrayBuffer();
      const back = new URL(res.headers.get("location") ?? "");
      const before = h.slack.store.listTokens().length;
      await assert.rejects(
        new SlackAuthorizeFlow(ctx, { setup, exchange }).complete(
          { id: ADA.id, name: ADA.name },
          { code: back.searchParams.get("code") ?? "", state: back.searchParams.get("state") ?? "", error: undefined },
        ),
        (e: unknown) => {
          assert.equal((e as { code?: string }).code, "SlackOAuthRefused");
          assert.equal((e as { answerStatus?: number }).answerStatus, 502);
          assert.match((e as Error).message, c.says);
          assert.ok(!(e as Error).message.includes("not-the-secret"), "the secret is never shown");
          return true;
        },
      );
      assert.equal(h.slack.store.listTokens().length, before);
    }
  });
});
