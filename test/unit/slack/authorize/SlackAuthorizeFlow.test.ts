/**
 * SlackAuthorizeFlow on the in-memory engine with a scripted oauth.v2.access: a completed authorization stores the
 * token and records who connected; every refusal (forged, replayed, another operator's or expired state, denied
 * consent, Slack's errors, a token without admin) stores nothing; a state completes once even when raced.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SlackAuthorizationError } from "../../../../shared/errors";
import type { SlackOAuthAnswer, SlackOAuthExchange } from "../../../../shared/slack/authorize/SlackOAuthExchange";
import { OAUTH_STATE_LIFETIME_MS, SlackAuthorizeFlow } from "../../../../shared/slack/authorize/SlackAuthorizeFlow";
import { createInMemoryEngine } from "../../../support/memory/createInMemoryEngine";
import { InMemoryOAuthStateStore } from "../../../support/memory/InMemoryOAuthStateStore";
import { InMemorySlackTokenStore } from "../../../support/memory/InMemorySlackTokenStore";

const TOKEN = "xoxp-42-U0ADMIN0001-0123456789abcdef0123456789abcdef";
const ADA = { id: "ada-object-id", name: "ada@contoso.example" };
const BOB = { id: "bob-object-id", name: "bob@contoso.example" };
const SETUP = {
  baseUrl: "https://slack.com",
  clientId: "123.456",
  clientSecret: "client-secret-value",
  redirectUri: "https://func.example/api/slack/oauth/callback",
};

class ScriptedExchange implements SlackOAuthExchange {
  calls: { code: string; redirectUri: string }[] = [];
  constructor(public answer: SlackOAuthAnswer) {}
  exchange(code: string, redirectUri: string): Promise<SlackOAuthAnswer> {
    this.calls.push({ code, redirectUri });
    return Promise.resolve(this.answer);
  }
}

const granted = (scope = "admin"): SlackOAuthAnswer => ({
  ok: true,
  grant: { userToken: TOKEN, scope, userId: "U0ADMIN0001", teamId: "T0001", enterpriseId: undefined },
});

function setUp(answer: SlackOAuthAnswer = granted()) {
  const engine = createInMemoryEngine();
  const tokens = new InMemorySlackTokenStore("xoxp-pasted");
  const states = new InMemoryOAuthStateStore();
  const ctx = { ...engine.ctx, slackTokens: tokens, oauthStates: states };
  const exchange = new ScriptedExchange(answer);
  let n = 0;
  const flow = new SlackAuthorizeFlow(ctx, { setup: SETUP, exchange, newState: () => `state-${++n}` });
  /** Starts as `who` and returns the state the authorize URL carries. */
  const start = async (who = ADA) => new URL(await flow.start(who)).searchParams.get("state") ?? "";
  return { engine, tokens, states, exchange, flow, start };
}

/** The activity records so far (the window's end is exclusive: a moment after the clock). */
function records(t: ReturnType<typeof setUp>) {
  return t.engine.ctx.activity.byTime(t.engine.ctx.jobId, { to: new Date(t.engine.clock.now().getTime() + 1) });
}

async function refusal(p: Promise<unknown>): Promise<SlackAuthorizationError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SlackAuthorizationError, `a SlackAuthorizationError, not ${String(e)}`);
    return e;
  }
  assert.fail("the callback was not refused");
}

void describe("SlackAuthorizeFlow", () => {
  void it("start → Slack's page with a state; complete → the token stored, the connection recorded, no token shown", async () => {
    const t = setUp();
    const { engine, tokens, exchange, flow } = t;
    const url = new URL(await flow.start(ADA));
    assert.equal(url.searchParams.get("user_scope"), "admin");
    assert.equal(url.searchParams.get("redirect_uri"), SETUP.redirectUri);
    const state = url.searchParams.get("state") ?? "";
    const connected = await flow.complete(ADA, { code: "c-1", state, error: undefined });
    assert.deepEqual(connected, {
      slackUserId: "U0ADMIN0001",
      teamId: "T0001",
      enterpriseId: undefined,
      scope: "admin",
      storedIn: "memory",
    });
    assert.deepEqual(tokens.saved, [TOKEN]);
    assert.deepEqual(exchange.calls, [{ code: "c-1", redirectUri: SETUP.redirectUri }]);
    const recorded = await records(t);
    assert.equal(recorded.length, 1);
    assert.match(
      recorded[0]?.reason ?? "",
      /^ada@contoso\.example connected Slack with Authorize: Slack user U0ADMIN0001/,
    );
    const everything = JSON.stringify({ recorded, log: engine.log, connected });
    assert.ok(!everything.includes(TOKEN), "the token is in no record, log line or answer");
    assert.ok(!everything.includes(SETUP.clientSecret), "nor the client secret");
  });

  void it("a replayed state is refused and exchanges nothing again", async () => {
    const { tokens, exchange, flow, start } = setUp();
    const state = await start();
    await flow.complete(ADA, { code: "c-1", state, error: undefined });
    const e = await refusal(flow.complete(ADA, { code: "c-1", state, error: undefined }));
    assert.equal(e.code, "OAuthStateUsed");
    assert.equal(exchange.calls.length, 1);
    assert.equal(tokens.saved.length, 1);
  });

  const refusals: {
    name: string;
    act: (t: ReturnType<typeof setUp>) => Promise<unknown>;
    code: string;
    exchanged: number;
  }[] = [
    {
      name: "a forged state",
      act: async ({ flow, start }) => {
        await start();
        return flow.complete(ADA, { code: "c", state: "forged", error: undefined });
      },
      code: "OAuthStateUnknown",
      exchanged: 0,
    },
    {
      name: "no state at all",
      act: ({ flow }) => flow.complete(ADA, { code: "c", state: undefined, error: undefined }),
      code: "OAuthStateUnknown",
      exchanged: 0,
    },
    {
      name: "another operator's state",
      act: async ({ flow, start }) => flow.complete(BOB, { code: "c", state: await start(ADA), error: undefined }),
      code: "OAuthStateOfAnotherOperator",
      exchanged: 0,
    },
    {
      name: "an expired state",
      act: async ({ flow, start, engine }) => {
        const state = await start();
        engine.clock.advance(OAUTH_STATE_LIFETIME_MS);
        return flow.complete(ADA, { code: "c", state, error: undefined });
      },
      code: "OAuthStateExpired",
      exchanged: 0,
    },
    {
      name: "denied consent",
      act: async ({ flow, start }) =>
        flow.complete(ADA, { code: undefined, state: await start(), error: "access_denied" }),
      code: "SlackConsentDenied",
      exchanged: 0,
    },
    {
      name: "no code",
      act: async ({ flow, start }) => flow.complete(ADA, { code: undefined, state: await start(), error: undefined }),
      code: "SlackAuthorizeFailed",
      exchanged: 0,
    },
    {
      name: "Slack refuses the code",
      act: async (t) => {
        t.exchange.answer = { ok: false, error: "invalid_code" };
        return t.flow.complete(ADA, { code: "c", state: await t.start(), error: undefined });
      },
      code: "SlackOAuthRefused",
      exchanged: 1,
    },
    {
      name: "a token without admin",
      act: async (t) => {
        t.exchange.answer = granted("users:read");
        return t.flow.complete(ADA, { code: "c", state: await t.start(), error: undefined });
      },
      code: "SlackTokenWithoutAdminScope",
      exchanged: 1,
    },
  ];
  for (const r of refusals) {
    void it(`${r.name}: refused (${r.code}), nothing stored or recorded`, async () => {
      const t = setUp();
      const e = await refusal(r.act(t));
      assert.equal(e.code, r.code);
      assert.equal(t.exchange.calls.length, r.exchanged);
      assert.deepEqual(t.tokens.saved, []);
      assert.deepEqual(await records(t), []);
    });
  }

  void it("another operator's attempt does not use the state up: its owner still completes it", async () => {
    const { flow, start, tokens } = setUp();
    const state = await start(ADA);
    await refusal(flow.complete(BOB, { code: "c", state, error: undefined }));
    await flow.complete(ADA, { code: "c", state, error: undefined });
    assert.deepEqual(tokens.saved, [TOKEN]);
  });

  void it("a denied consent uses the state up: the same callback cannot be replayed with a code", async () => {
    const { flow, start, exchange } = setUp();
    const state = await start();
    await refusal(flow.complete(ADA, { code: undefined, state, error: "access_denied" }));
    const e = await refusal(flow.complete(ADA, { code: "c", state, error: undefined }));
    assert.equal(e.code, "OAuthStateUsed");
    assert.equal(exchange.calls.length, 0);
  });

  void it("the same callback raced ten times completes once", async () => {
    const { flow, start, exchange, tokens } = setUp();
    const state = await start();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => flow.complete(ADA, { code: "c", state, error: undefined })),
    );
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 1);
    assert.equal(exchange.calls.length, 1);
    assert.equal(tokens.saved.length, 1);
  });

  void it("each start keeps a state; those expired more than an hour ago are dropped", async () => {
    const { states, start, engine } = setUp();
    await start();
    await start();
    assert.equal(states.size, 2);
    engine.clock.advance(OAUTH_STATE_LIFETIME_MS + 60 * 60_000 + 1);
    await start();
    assert.equal(states.size, 1);
  });
});
