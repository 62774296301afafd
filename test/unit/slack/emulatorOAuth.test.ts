/** The emulator's OAuth codes on a clock a test moves: valid for ten minutes, then invalid_code. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CODE_LIFETIME_MS, SlackOAuth } from "../../../dev/slack-emulator/SlackOAuth";
import { SlackTokens } from "../../../dev/slack-emulator/SlackTokens";

const APP = { clientId: "1.2", clientSecret: "s3cret" };
const REDIRECT = "https://app.example/api/slack/oauth/callback";

void describe("SlackOAuth code lifetime", () => {
  const setUp = () => {
    let now = 1_000_000;
    const oauth = new SlackOAuth(
      APP,
      new SlackTokens("xoxp-initial"),
      () => "U0000000001",
      () => now,
    );
    const answer = oauth.authorize(
      new URLSearchParams({ client_id: APP.clientId, user_scope: "admin", redirect_uri: REDIRECT, state: "s" }),
    );
    assert.equal(answer.kind, "redirect");
    const code = answer.kind === "redirect" ? (new URL(answer.location).searchParams.get("code") ?? "") : "";
    const form = new URLSearchParams({
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      code,
      redirect_uri: REDIRECT,
    });
    return { oauth, form, advance: (ms: number) => (now += ms) };
  };

  const cases = [
    { name: "just issued", after: 0, ok: true },
    { name: "a millisecond before ten minutes", after: CODE_LIFETIME_MS - 1, ok: true },
    { name: "at ten minutes", after: CODE_LIFETIME_MS, ok: false },
    { name: "an hour later", after: 3_600_000, ok: false },
  ];
  for (const c of cases) {
    void it(`${c.name}: ${c.ok ? "exchanged" : "invalid_code"}`, () => {
      const { oauth, form, advance } = setUp();
      advance(c.after);
      const body = oauth.access(form, undefined);
      assert.equal(body.ok, c.ok);
      if (!c.ok) assert.equal(body.error, "invalid_code");
    });
  }
});
