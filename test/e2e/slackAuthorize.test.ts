/**
 * Connecting Slack with Authorize, end to end on the local stack: the operator opens /api/slack/authorize, the Slack
 * emulator's authorize page approves and sends the browser back to the callback, which exchanges the code and stores
 * the token. With the pasted token then revoked in Slack, provisioning works with the new one at once, and after a
 * host restart (three assigned users, blocked at the first cycle, are enabled and provisioned on demand one by one). A replayed callback, a forged state, denied consent and an expired code are refused with a message
 * and change nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import { runCycle } from "../support/stackCycles";

const DOMAIN = "contoso.example";

interface Answer {
  status: number;
  location: string | undefined;
  contentType: string | null;
  text: string;
}

/** A GET as a browser makes it, without following redirects. */
async function get(url: string, accept = "application/json"): Promise<Answer> {
  const res = await fetch(url, { redirect: "manual", headers: { accept } });
  return {
    status: res.status,
    location: res.headers.get("location") ?? undefined,
    contentType: res.headers.get("content-type"),
    text: await res.text(),
  };
}

const errorOf = (a: Answer) => (JSON.parse(a.text) as { error: { code: string; message: string } }).error;

void describe("Slack Authorize, end to end", () => {
  let stack: LocalStack;
  const id: Record<string, string> = {};

  before(async () => {
    stack = await startLocalStack({
      slackRateLimits: "off",
      enableTimers: false,
      seed: (graph) => {
        for (const local of ["ana.auth", "ben.auth", "cy.auth"]) {
          id[local] = graph.directory.createUser({
            userPrincipalName: `${local}@${DOMAIN}`,
            mail: `${local}@${DOMAIN}`,
            displayName: local.replace(".", " "),
            accountEnabled: false,
          }).id;
          graph.directory.assign({ principalId: id[local] });
        }
      },
    });
    // The assignments are read, with the pasted token: nobody is created yet (sign-in blocked).
    await runCycle(stack);
    assert.equal(stack.slack.store.listUsers().length, 0);
  });
  after(async () => {
    await stack?.stop();
  });

  /** /api/slack/authorize, then the emulator's authorize page: the callback URL Slack sends the browser to. */
  async function authorize(): Promise<string> {
    const start = await get(`${stack.apiUrl()}/slack/authorize`, "text/html");
    assert.equal(start.status, 302, start.text);
    const page = new URL(start.location ?? "");
    assert.equal(`${page.origin}${page.pathname}`, `${stack.slack.origin}/oauth/v2/authorize`);
    assert.equal(page.searchParams.get("client_id"), stack.slack.oauth.clientId);
    assert.equal(page.searchParams.get("user_scope"), "admin");
    assert.equal(page.searchParams.get("redirect_uri"), `${stack.apiUrl()}/slack/oauth/callback`);
    assert.match(page.searchParams.get("state") ?? "", /^[A-Za-z0-9_-]{43}$/);
    const slack = await get(page.toString(), "text/html");
    assert.equal(slack.status, 302);
    const back = slack.location ?? "";
    assert.ok(back.startsWith(`${stack.apiUrl()}/slack/oauth/callback?`), back);
    return back;
  }

  /** Enables one user and provisions it now; answers the labels of the tokens its Slack requests were sent with. */
  async function provisionWithTokens(local: string): Promise<string[]> {
    stack.graph.directory.updateUser(id[local] ?? "", { accountEnabled: true });
    const seen = stack.slack.store.requests().length;
    const res = await fetch(`${stack.apiUrl()}/provision/users/${id[local]}`, { method: "POST" });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.equal((JSON.parse(text) as { status: string }).status, "Success", text);
    assert.equal(stack.slack.store.listUsers().filter((u) => u.userName === local).length, 1, `${local} is in Slack`);
    const sent = stack.slack.store.requests().slice(seen);
    assert.ok(sent.some((r) => r.method === "POST" && r.path === "/scim/v2/Users" && r.status === 201));
    return [...new Set(sent.map((r) => r.token ?? "none"))];
  }

  const tokenLabels = () => stack.slack.store.listTokens().map((t) => t.label);
  let callback = "";

  void it("authorize → Slack approves → callback: the token is stored, and provisioning sends it", async () => {
    callback = await authorize();
    const done = await get(callback);
    assert.equal(done.status, 200, done.text);
    const body = JSON.parse(done.text) as { connected: boolean; scope: string; storedIn: string; message: string };
    assert.equal(body.connected, true);
    assert.equal(body.scope, "admin");
    assert.match(body.storedIn, /^Table Storage/);
    assert.deepEqual(tokenLabels(), ["initial", "oauth-1"]);
    assert.ok(!done.text.includes("xoxp-"), "the answer carries no token");

    // The pasted token stops working in Slack: provisioning goes on with the authorized one, without a restart.
    assert.ok(stack.slack.store.revokeToken("initial"));
    assert.deepEqual(await provisionWithTokens("ana.auth"), ["oauth-1"]);
  });

  void it("the callback replayed: 400 (single use), nothing exchanged or stored", async () => {
    const replay = await get(callback);
    assert.equal(replay.status, 400, replay.text);
    assert.equal(errorOf(replay).code, "OAuthStateUsed");
    assert.deepEqual(tokenLabels(), ["oauth-1"]);
  });

  void it("a forged state: 400, nothing exchanged", async () => {
    const forged = new URL(callback);
    forged.searchParams.set("state", "forged-state-value");
    const res = await get(forged.toString());
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).code, "OAuthStateUnknown");
    assert.deepEqual(tokenLabels(), ["oauth-1"]);
  });

  void it("denied consent: a page that says so, and the token in use stays", async () => {
    stack.slack.store.setOAuthConsent("deny");
    try {
      const back = await authorize();
      assert.equal(new URL(back).searchParams.get("error"), "access_denied");
      const page = await get(back, "text/html");
      assert.equal(page.status, 400);
      assert.equal(page.contentType, "text/html; charset=utf-8");
      assert.match(page.text, /Slack was not connected/);
      assert.match(page.text, /access_denied/);
      assert.match(page.text, /SlackConsentDenied/);
    } finally {
      stack.slack.store.setOAuthConsent("approve");
    }
    assert.deepEqual(tokenLabels(), ["oauth-1"]);
  });

  void it("an expired code: Slack's invalid_code explained, nothing stored", async () => {
    const back = await authorize();
    assert.equal(stack.slack.store.expireOAuthCodes(), 1);
    const res = await get(back);
    assert.equal(res.status, 400, res.text);
    assert.equal(errorOf(res).code, "SlackOAuthRefused");
    assert.match(errorOf(res).message, /invalid_code.*10 minutes.*\/api\/slack\/authorize/);
    assert.deepEqual(tokenLabels(), ["oauth-1"]);
    assert.deepEqual(
      await provisionWithTokens("ben.auth"),
      ["oauth-1"],
      "the authorized token is still the one in use",
    );
  });

  void it("after a host restart the stored token is still the one sent", async () => {
    await stack.restartHost({ kill: false });
    assert.deepEqual(await provisionWithTokens("cy.auth"), ["oauth-1"]);
  });
});
