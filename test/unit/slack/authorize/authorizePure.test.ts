/** Authorize's pure parts: the state check, the authorize URL, the setup, and the refusals' messages. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SlackAuthorizationError } from "../../../../shared/errors";
import { ConfigurationError } from "../../../../shared/errors";
import {
  consentRefused,
  exchangeRefused,
  scopeMissing,
  stateRefused,
} from "../../../../shared/slack/authorize/authorizeRefusals";
import { authorizeUrl } from "../../../../shared/slack/authorize/authorizeUrl";
import { checkOAuthState } from "../../../../shared/slack/authorize/checkOAuthState";
import { operatorKey, stateKey } from "../../../../shared/slack/authorize/operatorKey";
import { resolveAuthorizeSetup } from "../../../../shared/slack/authorize/resolveAuthorizeSetup";
import type { OAuthState } from "../../../../shared/state/StatePorts";

const NOW = new Date("2025-01-15T10:00:00.000Z");
const ADA = operatorKey("ada-object-id");
const BOB = operatorKey("bob-object-id");
const pending = (over: Partial<OAuthState> = {}): OAuthState => ({
  operator: ADA,
  redirectUri: "https://func.example/api/slack/oauth/callback",
  expiresAt: "2025-01-15T10:05:00.000Z",
  ...over,
});

void describe("checkOAuthState", () => {
  const cases: { name: string; state: OAuthState | undefined; operator: string; want: string }[] = [
    { name: "issued here, to this operator, unused, in time", state: pending(), operator: ADA, want: "ok" },
    { name: "never issued (forged)", state: undefined, operator: ADA, want: "unknown" },
    { name: "issued to another operator", state: pending(), operator: BOB, want: "otherOperator" },
    {
      name: "used already (replayed)",
      state: pending({ usedAt: "2025-01-15T09:59:00.000Z" }),
      operator: ADA,
      want: "used",
    },
    { name: "expired", state: pending({ expiresAt: "2025-01-15T09:59:59.999Z" }), operator: ADA, want: "expired" },
    {
      name: "expiring this very moment",
      state: pending({ expiresAt: NOW.toISOString() }),
      operator: ADA,
      want: "expired",
    },
    {
      name: "another operator's used state: the operator is named first",
      state: pending({ usedAt: "2025-01-15T09:59:00.000Z" }),
      operator: BOB,
      want: "otherOperator",
    },
    {
      name: "used and expired: used",
      state: pending({ usedAt: "2025-01-15T09:50:00.000Z", expiresAt: "2025-01-15T09:55:00.000Z" }),
      operator: ADA,
      want: "used",
    },
  ];
  for (const c of cases) {
    void it(`${c.name} → ${c.want}`, () => {
      const got = checkOAuthState(c.state, c.operator, NOW);
      assert.equal(got.ok ? "ok" : got.refusal, c.want);
    });
  }

  void it("keys are hashes: the table holds neither the operator's id nor a usable state", () => {
    assert.match(ADA, /^[0-9a-f]{64}$/);
    assert.notEqual(ADA, BOB);
    assert.equal(operatorKey("ada-object-id"), ADA, "stable across sign-ins");
    assert.match(stateKey("s"), /^[0-9a-f]{64}$/);
    assert.notEqual(stateKey("s"), "s");
  });
});

void describe("authorizeUrl", () => {
  void it("asks Slack's v2 authorize page for the user scope admin only, with the callback and the state", () => {
    const url = new URL(
      authorizeUrl({
        baseUrl: "https://slack.com",
        clientId: "123.456",
        redirectUri: "https://func.example/api/slack/oauth/callback",
        state: "st&te=1",
      }),
    );
    assert.equal(`${url.origin}${url.pathname}`, "https://slack.com/oauth/v2/authorize");
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      client_id: "123.456",
      user_scope: "admin",
      redirect_uri: "https://func.example/api/slack/oauth/callback",
      state: "st&te=1",
    });
  });
});

void describe("resolveAuthorizeSetup", () => {
  const base = { clientId: "1.2", clientSecret: "s", baseUrl: "https://slack.com", redirectUrl: undefined };
  const cases: { name: string; settings: typeof base | Record<string, unknown>; url: string; want: string | RegExp }[] =
    [
      {
        name: "the configured Redirect URL wins",
        settings: { ...base, redirectUrl: "https://p.example/api/slack/oauth/callback" },
        url: "https://func.example/api/slack/authorize",
        want: "https://p.example/api/slack/oauth/callback",
      },
      {
        name: "locally: the local host's own origin",
        settings: base,
        url: "http://127.0.0.1:7071/api/slack/authorize",
        want: "http://127.0.0.1:7071/api/slack/oauth/callback",
      },
      {
        name: "elsewhere a Host header does not decide where the code goes",
        settings: base,
        url: "https://evil.example/api/slack/authorize",
        want: /set SLACK_OAUTH_REDIRECT_URL/,
      },
      {
        name: "no client id",
        settings: { ...base, clientId: undefined },
        url: "http://127.0.0.1:7071/api/slack/authorize",
        want: /set SLACK_CLIENT_ID to/,
      },
      {
        name: "neither",
        settings: { ...base, clientId: undefined, clientSecret: undefined },
        url: "http://127.0.0.1:7071/api/slack/authorize",
        want: /set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET/,
      },
    ];
  for (const c of cases) {
    void it(c.name, () => {
      const settings = c.settings as Parameters<typeof resolveAuthorizeSetup>[0];
      if (typeof c.want === "string") assert.equal(resolveAuthorizeSetup(settings, c.url).redirectUri, c.want);
      else {
        const want = c.want;
        assert.throws(
          () => resolveAuthorizeSetup(settings, c.url),
          (e: unknown) => e instanceof ConfigurationError && want.test(e.message),
        );
      }
    });
  }
});

void describe("Authorize's refusals say what to check", () => {
  const setup = { clientId: "123.456", redirectUri: "https://func.example/api/slack/oauth/callback" };
  const cases: { name: string; error: SlackAuthorizationError; code: string; status: number; says: RegExp }[] = [
    {
      name: "forged state",
      error: stateRefused("unknown"),
      code: "OAuthStateUnknown",
      status: 400,
      says: /not started here.*Start again from \/api\/slack\/authorize/,
    },
    {
      name: "another operator's state",
      error: stateRefused("otherOperator"),
      code: "OAuthStateOfAnotherOperator",
      status: 400,
      says: /another signed-in operator/,
    },
    {
      name: "replayed state",
      error: stateRefused("used"),
      code: "OAuthStateUsed",
      status: 400,
      says: /completed already.*single use/,
    },
    {
      name: "expired state",
      error: stateRefused("expired"),
      code: "OAuthStateExpired",
      status: 400,
      says: /more than 10 minutes ago/,
    },
    {
      name: "denied consent",
      error: consentRefused("access_denied"),
      code: "SlackConsentDenied",
      status: 400,
      says: /access_denied.*Org Owner or Admin.*Allow/,
    },
    {
      name: "invalid_code",
      error: exchangeRefused("invalid_code", setup),
      code: "SlackOAuthRefused",
      status: 400,
      says: /invalid_code.*expired.*10 minutes/,
    },
    {
      name: "code_already_used",
      error: exchangeRefused("code_already_used", setup),
      code: "SlackOAuthRefused",
      status: 400,
      says: /code_already_used.*opened twice/,
    },
    {
      name: "bad_redirect_uri",
      error: exchangeRefused("bad_redirect_uri", setup),
      code: "SlackOAuthRefused",
      status: 502,
      says: /bad_redirect_uri.*https:\/\/func\.example\/api\/slack\/oauth\/callback.*Redirect URLs.*SLACK_OAUTH_REDIRECT_URL/,
    },
    {
      name: "invalid_client_id",
      error: exchangeRefused("invalid_client_id", setup),
      code: "SlackOAuthRefused",
      status: 502,
      says: /invalid_client_id.*"123\.456".*SLACK_CLIENT_ID.*App Credentials/,
    },
    {
      name: "bad_client_secret",
      error: exchangeRefused("bad_client_secret", setup),
      code: "SlackOAuthRefused",
      status: 502,
      says: /bad_client_secret.*SLACK_CLIENT_SECRET.*SLACK-CLIENT-SECRET/,
    },
    {
      name: "an error Slack may add",
      error: exchangeRefused("team_added_to_org", setup),
      code: "SlackOAuthRefused",
      status: 502,
      says: /team_added_to_org/,
    },
    {
      name: "no admin scope",
      error: scopeMissing("users:read"),
      code: "SlackTokenWithoutAdminScope",
      status: 502,
      says: /"users:read".*User Token Scopes/,
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      assert.equal(c.error.code, c.code);
      assert.equal(c.error.answerStatus, c.status);
      assert.equal(c.error.retryable, false);
      assert.match(c.error.message, c.says);
    });
  }

  void it("a value from the request is shown printable and short", () => {
    const e = consentRefused(`<script>\u0000${"x".repeat(500)}`);
    assert.ok(!e.message.includes("\u0000"));
    assert.ok(e.message.length < 300);
  });
});
