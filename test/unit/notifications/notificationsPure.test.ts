import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { covered, notified, pokeDone, pokeWaiting, POKE_STALE_MS } from "../../../shared/notifications/catchUp";
import type { SubscriptionRecord } from "../../../shared/notifications/planSubscriptions";
import { planSubscriptions, RENEW_WHEN_LEFT_MS } from "../../../shared/notifications/planSubscriptions";
import { POKE_GIVE_UP_MS, POKE_MAX_ATTEMPTS, pokeRetryDelayMs } from "../../../shared/notifications/pokeRetryDelayMs";
import { readNotifications } from "../../../shared/notifications/readNotifications";

const T = new Date("2026-11-30T10:00:00Z");
const at = (ms: number) => new Date(T.getTime() + ms);

void describe("catch-up state", () => {
  void it("the first notification queues a poke; more within the poke's life only move the latest time", () => {
    const a = notified({}, T);
    assert.equal(a.queuePoke, true);
    const b = notified(a.state, at(500));
    assert.equal(b.queuePoke, false);
    assert.equal(b.state.latestNotifiedAt, at(500).toISOString());
    assert.equal(b.state.pokeQueuedAt, T.toISOString());
  });
  void it("a poke queued too long ago is taken for lost and sent again", () => {
    const a = notified({}, T);
    assert.equal(notified(a.state, at(POKE_STALE_MS + 1)).queuePoke, true);
  });
  void it("a cycle covers the notifications when it started after the latest one", () => {
    const s = notified(notified({}, T).state, at(1000)).state;
    assert.equal(covered(s, at(1000).toISOString()), false);
    assert.equal(covered(s, at(1001).toISOString()), true);
    assert.equal(covered(s, undefined), false);
    assert.equal(covered({}, undefined), true, "nothing notified: nothing to cover");
    assert.deepEqual(pokeDone(s), { latestNotifiedAt: at(1000).toISOString() });
  });
});

void describe("planSubscriptions", () => {
  const want = { url: "https://app/api/graph/notifications", clientStateHash: "h1" };
  const ok = (resource: "users" | "groups", over: Partial<SubscriptionRecord> = {}): SubscriptionRecord => ({
    resource,
    id: `${resource}-1`,
    expiresAt: at(20 * 24 * 3600_000).toISOString(),
    url: want.url,
    clientStateHash: "h1",
    ...over,
  });
  const cases: { name: string; records: SubscriptionRecord[]; users: string }[] = [
    { name: "none yet", records: [], users: "create" },
    { name: "healthy", records: [ok("users")], users: "keep" },
    { name: "expired", records: [ok("users", { expiresAt: at(-1).toISOString() })], users: "create" },
    { name: "removed by Graph", records: [ok("users", { removed: true })], users: "create" },
    { name: "Graph asked to reauthorize", records: [ok("users", { reauthorize: true })], users: "reauthorize" },
    {
      name: "less than a week left",
      records: [ok("users", { expiresAt: at(RENEW_WHEN_LEFT_MS - 1).toISOString() })],
      users: "renew",
    },
    {
      name: "the URL changed",
      records: [ok("users", { url: "https://old/api/graph/notifications" })],
      users: "replace",
    },
    { name: "the secret was rotated", records: [ok("users", { clientStateHash: "h0" })], users: "replace" },
    { name: "a row without an id (an earlier create failed)", records: [{ resource: "users" }], users: "create" },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const plan = planSubscriptions([...c.records, ok("groups")], T, want);
      assert.equal(plan.find((a) => a.resource === "users")?.kind, c.users);
      assert.equal(plan.find((a) => a.resource === "groups")?.kind, "keep");
    });
  }
});

void describe("readNotifications", () => {
  const secret = "x".repeat(40);
  const change = (clientState: string, subscriptionId = "s1") => ({
    subscriptionId,
    clientState,
    changeType: "updated",
    resource: "Users/1",
    resourceData: { id: "1" },
  });
  void it("counts the changes with our clientState, and the forged ones apart", () => {
    const r = readNotifications(
      JSON.stringify({
        value: [change(secret), change(secret, "s2"), change("wrong"), change(secret.slice(1)), { x: 1 }],
      }),
      secret,
    );
    assert.equal(r.changes, 2);
    assert.deepEqual(r.subscriptionIds, ["s1", "s2"]);
    assert.equal(r.forged, 3, "wrong, a prefix, and none at all");
  });
  void it("reads lifecycle events, and never trusts one with a wrong clientState", () => {
    const r = readNotifications(
      JSON.stringify({
        value: [
          { subscriptionId: "s1", clientState: secret, lifecycleEvent: "reauthorizationRequired" },
          { subscriptionId: "s1", clientState: "nope", lifecycleEvent: "subscriptionRemoved" },
          { subscriptionId: "s2", clientState: secret, lifecycleEvent: "missed" },
          { subscriptionId: "s2", clientState: secret, lifecycleEvent: "somethingNew" },
        ],
      }),
      secret,
    );
    assert.deepEqual(r.lifecycle, [
      { event: "reauthorizationRequired", subscriptionId: "s1" },
      { event: "missed", subscriptionId: "s2" },
    ]);
    assert.equal(r.forged, 1);
    assert.equal(r.ignored, 1);
  });
  void it("refuses what is not a notification batch", () => {
    assert.throws(() => readNotifications("not json", secret), SyntaxError);
    assert.throws(() => readNotifications('{"value": 5}', secret), SyntaxError);
  });
});

void describe("catch-up after lost notifications", () => {
  void it("force queues a poke even while one seems queued (it may be held by a host that died)", () => {
    const a = notified({}, T);
    assert.equal(notified(a.state, at(1000)).queuePoke, false);
    assert.equal(notified(a.state, at(1000), true).queuePoke, true);
  });
  void it("a waiting poke stays fresh: its time moves on with every look", () => {
    const a = notified({}, T);
    const waiting = pokeWaiting(a.state, at(POKE_STALE_MS - 1000));
    assert.equal(notified(waiting, at(POKE_STALE_MS + 1000)).queuePoke, false);
  });
});

void describe("pokeRetryDelayMs", () => {
  const cases: { attempt: number; want: number }[] = [
    { attempt: 1, want: 1_000 },
    { attempt: 30, want: 1_000 },
    { attempt: 60, want: 1_000 },
    { attempt: 61, want: 5_000 },
    { attempt: POKE_MAX_ATTEMPTS, want: 5_000 },
  ];
  for (const c of cases) {
    void it(`look ${c.attempt} waits ${c.want} ms`, () => assert.equal(pokeRetryDelayMs(c.attempt), c.want));
  }
  void it("the looks add up to the 30 minutes a poke waits at most", () => {
    let total = 0;
    for (let attempt = 1; attempt <= POKE_MAX_ATTEMPTS; attempt++) total += pokeRetryDelayMs(attempt);
    assert.ok(total >= POKE_GIVE_UP_MS && total < POKE_GIVE_UP_MS + 5_000, `${total} ms`);
  });
});
