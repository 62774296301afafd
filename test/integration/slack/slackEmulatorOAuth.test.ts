/**
 * The Slack emulator's OAuth v2 over HTTP: the authorize page redirects back with a code and the state (or
 * error=access_denied when the admin switch denies), oauth.v2.access answers Slack's shapes and error codes, codes are
 * single use and expire, and the user token it issues is accepted by the SCIM API until it is revoked.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { SlackEmulator } from "../../../dev/slack-emulator";
import { SlackEmulatorAdminClient, startSlackEmulator } from "../../../dev/slack-emulator";
import { scimClient } from "./scimClient";

const REDIRECT = "http://127.0.0.1:7777/api/slack/oauth/callback";

interface AccessBody {
  ok: boolean;
  error?: string;
  authed_user?: { id: string; scope: string; access_token: string; token_type: string };
  team?: { id: string };
  enterprise?: unknown;
}

void describe("Slack emulator OAuth v2", () => {
  let emu: SlackEmulator;
  let admin: SlackEmulatorAdminClient;

  before(async () => {
    emu = await startSlackEmulator({ rateLimits: "off" });
    admin = new SlackEmulatorAdminClient(emu.origin);
  });
  after(() => emu.close());
  beforeEach(() => emu.store.reset());

  /** Opens the authorize page as the admin's browser would; resolves with where Slack sends the browser. */
  async function authorize(
    params: Record<string, string> = {},
  ): Promise<{ status: number; location: URL | undefined }> {
    const url = new URL(`${emu.origin}/oauth/v2/authorize`);
    const query = {
      client_id: emu.oauth.clientId,
      user_scope: "admin",
      redirect_uri: REDIRECT,
      state: "s-1",
      ...params,
    };
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const res = await fetch(url, { redirect: "manual" });
    await res.arrayBuffer();
    const location = res.headers.get("location");
    return { status: res.status, location: location === null ? undefined : new URL(location) };
  }

  async function codeFromAuthorize(): Promise<string> {
    const { location } = await authorize();
    const code = location?.searchParams.get("code");
    assert.ok(code, "the authorize page answered with a code");
    return code;
  }

  async function access(form: Record<string, string>, headers: Record<string, string> = {}): Promise<AccessBody> {
    const res = await fetch(`${emu.origin}/api/oauth.v2.access`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(form).toString(),
    });
    assert.equal(res.status, 200, "Slack's Web API answers 200 whether ok or not");
    return (await res.json()) as AccessBody;
  }

  const exchange = (code: string, extra: Record<string, string> = {}) =>
    access({
      client_id: emu.oauth.clientId,
      client_secret: emu.oauth.clientSecret,
      code,
      redirect_uri: REDIRECT,
      ...extra,
    });

  void it("approves at once: back to redirect_uri with a code and the state, unchanged", async () => {
    const { status, location } = await authorize({ state: "a b&c=d" });
    assert.equal(status, 302);
    assert.equal(`${location?.origin}${location?.pathname}`, REDIRECT);
    assert.match(location?.searchParams.get("code") ?? "", /^\d{10}\.\d{10}\.[0-9a-f]{64}$/);
    assert.equal(location?.searchParams.get("state"), "a b&c=d");
    assert.equal(location?.searchParams.get("error"), null);
  });

  void it("exchanges the code for a user token with the admin scope, which SCIM then accepts", async () => {
    const owner = emu.store.seedUser({
      userName: "owner",
      emails: [{ value: "o@corp.example" }],
      role: "primaryOwner",
    });
    const body = await exchange(await codeFromAuthorize());
    assert.equal(body.ok, true, JSON.stringify(body));
    assert.equal(body.authed_user?.scope, "admin");
    assert.equal(body.authed_user?.token_type, "user");
    assert.equal(body.authed_user?.id, owner.id, "the org's primary owner installed the app");
    assert.match(body.authed_user?.access_token ?? "", /^xoxp-/);
    assert.equal(body.enterprise, null);
    assert.ok(body.team?.id);

    const scim = scimClient(emu.url, body.authed_user?.access_token);
    assert.equal((await scim("GET", "/Users?count=1")).status, 200);
    const last = (await admin.requests()).at(-1);
    assert.equal(last?.token, "oauth-1", "the request log names the token by its label");
    assert.deepEqual(
      (await admin.listTokens()).map((t) => t.label),
      ["initial", "oauth-1"],
    );
    assert.ok(!JSON.stringify(await admin.listTokens()).includes(body.authed_user?.access_token ?? "?"));
  });

  void it("takes the client's credentials as HTTP Basic too", async () => {
    const code = await codeFromAuthorize();
    const basic = Buffer.from(`${emu.oauth.clientId}:${emu.oauth.clientSecret}`).toString("base64");
    const body = await access({ code, redirect_uri: REDIRECT }, { authorization: `Basic ${basic}` });
    assert.equal(body.ok, true, JSON.stringify(body));
  });

  void it("a code is single use: code_already_used the second time, and no second token", async () => {
    const code = await codeFromAuthorize();
    assert.equal((await exchange(code)).ok, true);
    assert.deepEqual(await exchange(code), { ok: false, error: "code_already_used" });
    assert.equal((await admin.listTokens()).length, 2);
  });

  void it("an expired code is invalid_code (the admin switch expires the codes issued so far)", async () => {
    const code = await codeFromAuthorize();
    assert.equal(await admin.expireOAuthCodes(), 1);
    assert.deepEqual(await exchange(code), { ok: false, error: "invalid_code" });
  });

  void it("answers Slack's error codes for a wrong client, secret, code or redirect_uri", async () => {
    const code = await codeFromAuthorize();
    assert.deepEqual(await exchange(code, { client_id: "1.2" }), { ok: false, error: "invalid_client_id" });
    assert.deepEqual(await exchange(code, { client_secret: "nope" }), { ok: false, error: "bad_client_secret" });
    assert.deepEqual(await exchange("1.2.3"), { ok: false, error: "invalid_code" });
    assert.deepEqual(await exchange(code, { redirect_uri: "http://127.0.0.1:1/other" }), {
      ok: false,
      error: "bad_redirect_uri",
    });
    assert.equal((await exchange(code)).ok, true, "the refusals did not use the code up");
  });

  void it("denied consent: back to redirect_uri with error=access_denied and the state, no code", async () => {
    await admin.setOAuthConsent("deny");
    const { status, location } = await authorize();
    assert.equal(status, 302);
    assert.equal(location?.searchParams.get("error"), "access_denied");
    assert.equal(location?.searchParams.get("state"), "s-1");
    assert.equal(location?.searchParams.get("code"), null);
    await admin.setOAuthConsent("approve");
    assert.ok((await authorize()).location?.searchParams.get("code"));
  });

  void it("an unknown client_id or a missing redirect_uri shows Slack's error page, not a redirect", async () => {
    const wrongClient = await authorize({ client_id: "9.9" });
    assert.equal(wrongClient.status, 400);
    assert.equal(wrongClient.location, undefined);
    const noRedirect = await authorize({ redirect_uri: "" });
    assert.equal(noRedirect.status, 400);
  });

  void it("a revoked token is refused by SCIM (401 invalid_authentication)", async () => {
    const token = (await exchange(await codeFromAuthorize())).authed_user?.access_token;
    await admin.revokeToken("initial");
    assert.equal((await scimClient(emu.url, emu.token)("GET", "/Users")).status, 401);
    assert.equal((await scimClient(emu.url, token)("GET", "/Users")).status, 200);
    await admin.revokeToken("oauth-1");
    assert.equal((await scimClient(emu.url, token)("GET", "/Users")).status, 401);
  });

  void it("never records the client secret or the code: OAuth requests are logged without their body", async () => {
    const code = await codeFromAuthorize();
    await exchange(code);
    const log = JSON.stringify(await admin.requests());
    assert.ok(!log.includes(emu.oauth.clientSecret), "the client secret is not in the request log");
    assert.ok(!log.includes(code), "the code is not in the request log");
    assert.ok((await admin.requests()).some((r) => r.path === "/api/oauth.v2.access" && r.status === 200));
  });

  void it("reset forgets issued tokens and codes and approves again", async () => {
    const code = await codeFromAuthorize();
    await admin.setOAuthConsent("deny");
    await admin.reset();
    assert.deepEqual(await exchange(code), { ok: false, error: "invalid_code" });
    assert.deepEqual(
      (await admin.listTokens()).map((t) => t.label),
      ["initial"],
    );
    assert.ok((await authorize()).location?.searchParams.get("code"));
  });
});
