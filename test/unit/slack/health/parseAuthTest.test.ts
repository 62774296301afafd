import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseAuthTest } from "../../../../shared/slack/health/HttpSlackAuthTest";

const URL = "https://slack.com/api/auth.test";

void describe("parseAuthTest (Slack's answer to auth.test)", () => {
  void it("ok: the owner, team and enterprise", () => {
    const body = { ok: true, user_id: "W1", user: "olga", team_id: "T1", enterprise_id: "E1", url: "https://x/" };
    assert.deepEqual(parseAuthTest(200, JSON.stringify(body), URL), {
      kind: "ok",
      userId: "W1",
      teamId: "T1",
      enterpriseId: "E1",
      user: "olga",
    });
  });
  void it("a refusal carries Slack's error code", () => {
    assert.deepEqual(parseAuthTest(200, '{"ok":false,"error":"token_revoked"}', URL), {
      kind: "refused",
      error: "token_revoked",
    });
  });
  for (const [name, status, text] of [
    ["a 429", 429, '{"ok":false,"error":"ratelimited"}'],
    ["a 503", 503, ""],
    ["not JSON", 200, "<html>"],
    ["ok without user_id", 200, '{"ok":true}'],
    ["no ok at all", 200, "{}"],
  ] as const) {
    void it(`${name} is no answer`, () => {
      assert.equal(parseAuthTest(status, text, URL).kind, "noAnswer");
    });
  }
});
