/**
 * The Slack emulator's auth.test and account types over HTTP (loopback), and the product's auth.test adapter against
 * it: the owner of the initial token, a demotion through the admin API shown in SCIM's `roles`, a revoked token
 * (token_revoked, SCIM 401), an unknown token (invalid_auth) and none at all (not_authed).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SlackEmulatorAdminClient, startSlackEmulator } from "../../../dev/slack-emulator";
import type { SlackEmulator } from "../../../dev/slack-emulator";
import { fetchHttpClient } from "../../../shared/http/fetchHttpClient";
import { HttpSlackAuthTest } from "../../../shared/slack/health/HttpSlackAuthTest";
import { governorLimits, SLACK_MAX_PACING_WAIT_MS } from "../../../shared/slack/slackRateLimits";
import { ProcessRateGovernor } from "../../../shared/slack/ProcessRateGovernor";
import { fixedSlackToken } from "../../../shared/slack/tokens/fixedSlackToken";

void describe("Slack emulator: auth.test and account types", () => {
  let slack: SlackEmulator;
  let admin: SlackEmulatorAdminClient;
  before(async () => {
    slack = await startSlackEmulator({ rateLimits: "off" });
    admin = new SlackEmulatorAdminClient(slack.origin);
  });
  after(() => slack.close());

  const authTest = (token: string) =>
    new HttpSlackAuthTest({
      apiBaseUrl: `${slack.origin}/api`,
      tokens: fixedSlackToken(token),
      governor: new ProcessRateGovernor(governorLimits(600, 1000), SLACK_MAX_PACING_WAIT_MS),
      http: fetchHttpClient,
    }).authTest();

  void it("names the initial token's owner (the first owner or admin), and SCIM shows its account type", async () => {
    await admin.reset();
    await admin.seedUser({ userName: "mia", emails: [{ value: "mia@x.example" }] });
    const olga = await admin.seedUser({ userName: "olga", emails: [{ value: "olga@x.example" }], role: "admin" });
    assert.deepEqual(await authTest(slack.token), { kind: "ok", userId: olga.id, teamId: "T0EMULATOR1", user: "olga" });
    const res = await fetch(`${slack.url}/Users/${olga.id}`, { headers: { authorization: `Bearer ${slack.token}` } });
    const body = (await res.json()) as { roles?: unknown };
    assert.deepEqual(body.roles, [{ value: "Admin", type: "account" }]);

    const demoted = await admin.setUserRole(olga.id, "member");
    assert.equal(demoted.role, "member");
    const again = (await (
      await fetch(`${slack.url}/Users/${olga.id}`, { headers: { authorization: `Bearer ${slack.token}` } })
    ).json()) as { roles?: unknown };
    assert.deepEqual(again.roles, [{ value: "Member", type: "account" }]);
    // The token keeps its owner: demoting does not move it to another admin.
    assert.equal((await authTest(slack.token)).kind, "ok");
  });

  void it("a revoked token: token_revoked from auth.test, 401 from SCIM; unknown and missing tokens", async () => {
    await admin.reset();
    await admin.revokeToken("initial");
    assert.deepEqual(await authTest(slack.token), { kind: "refused", error: "token_revoked" });
    const scim = await fetch(`${slack.url}/Users`, { headers: { authorization: `Bearer ${slack.token}` } });
    assert.equal(scim.status, 401);
    assert.deepEqual(await authTest("xoxp-never-issued"), { kind: "refused", error: "invalid_auth" });
    const none = await fetch(`${slack.origin}/api/auth.test`, { method: "POST" });
    assert.deepEqual(await none.json(), { ok: false, error: "not_authed" });
    const log = await admin.requests();
    assert.ok(
      log.some((r) => r.path === "/api/auth.test"),
      "auth.test is in the request log",
    );
    assert.ok(!JSON.stringify(log).includes(slack.token), "never the token");
  });

  void it("a deactivated owner: account_inactive", async () => {
    await admin.reset();
    const olga = await admin.seedUser({ userName: "olga", emails: [{ value: "olga@x.example" }], role: "owner" });
    assert.equal((await authTest(slack.token)).kind, "ok");
    const off = await fetch(`${slack.url}/Users/${olga.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${slack.token}`, "content-type": "application/json" },
      body: JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "replace", path: "active", value: false }],
      }),
    });
    assert.equal(off.status, 200);
    assert.deepEqual(await authTest(slack.token), { kind: "refused", error: "account_inactive" });
  });

  void it("an unknown role is refused by the admin API", async () => {
    await admin.reset();
    const u = await admin.seedUser({ userName: "ben", emails: [{ value: "ben@x.example" }] });
    await assert.rejects(admin.setUserRole(u.id, "emperor" as "member"), /invalid_role/);
  });
});
