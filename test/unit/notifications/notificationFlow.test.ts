/**
 * Change notifications on the in-memory engine: subscriptions kept alive, a notification becomes one catch-up cycle
 * (however many arrive), a forged one changes nothing, lifecycle events reauthorize, recreate and catch up.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maintainSubscriptions } from "../../../shared/notifications/maintainSubscriptions";
import { receiveNotifications } from "../../../shared/notifications/receiveNotifications";
import { QUEUES } from "../../../shared/queue/queueCatalog";
import type { InMemoryEngine } from "../../support/memory/createInMemoryEngine";
import { drainInMemory } from "../../support/memory/drainInMemory";
import { entraUser } from "../../support/memory/entraUser";
import type { InMemoryGraphSubscriptions } from "../../support/memory/InMemoryGraphSubscriptions";
import { directTenant, runCycleInMemory } from "../../support/memory/scriptedTenant";

const secret = "c".repeat(48);
const settings = { url: "https://app.example/api/graph/notifications", clientState: secret };
const graphSubs = (e: InMemoryEngine) => e.ctx.graphSubscriptions as InMemoryGraphSubscriptions;
const batch = (items: object[]) => JSON.stringify({ value: items });
const change = (subscriptionId: string, clientState = secret) => ({
  subscriptionId,
  clientState,
  changeType: "updated",
  resource: "Users/oid-ann",
  resourceData: { id: "oid-ann" },
});

async function engineWithSubscriptions(): Promise<{ e: InMemoryEngine; users: string; groups: string }> {
  const e = directTenant([entraUser("ann.archer")], { notificationSettings: settings });
  await runCycleInMemory(e);
  await maintainSubscriptions(e.ctx);
  e.clock.advance(60_000); // notifications come after that cycle started
  const subs = await e.ctx.notifications.subscriptions(e.ctx.jobId);
  return {
    e,
    users: subs.find((s) => s.resource === "users")?.id ?? "",
    groups: subs.find((s) => s.resource === "groups")?.id ?? "",
  };
}

const cyclesStarted = (e: InMemoryEngine) => e.log.lines.filter((l) => /^Cycle \S+ started/.test(l.message)).length;

void describe("change notifications (in memory)", () => {
  void it("keeps one subscription per resource, with our URL as notification and lifecycle URL", async () => {
    const { e, users, groups } = await engineWithSubscriptions();
    assert.ok(users && groups && users !== groups);
    const live = [...graphSubs(e).live.values()];
    assert.deepEqual(live.map((s) => s.resource).sort(), ["groups", "users"]);
    assert.ok(live.every((s) => s.notificationUrl === settings.url && s.lifecycleNotificationUrl === settings.url));
    assert.ok(live.every((s) => s.clientState === secret));
    // Kept, not created again, on the next run.
    await maintainSubscriptions(e.ctx);
    assert.equal(graphSubs(e).calls.filter((c) => c.startsWith("create")).length, 2);
  });

  void it("a burst of notifications costs one incremental cycle, which the poke sees through", async () => {
    const { e, users } = await engineWithSubscriptions();
    const before = cyclesStarted(e);
    for (let i = 0; i < 5; i++) await receiveNotifications(e.ctx, batch([change(users), change(users)]));
    assert.equal(
      e.queue.peek(QUEUES.deltaPages).filter((m) => (m.message as { kind: string }).kind === "notificationPoke").length,
      1,
    );
    await drainInMemory(e);
    assert.equal(cyclesStarted(e) - before, 1, "one cycle for ten notifications");
    assert.deepEqual(await e.ctx.notifications.catchUp(e.ctx.jobId), {
      latestNotifiedAt: (await e.ctx.notifications.catchUp(e.ctx.jobId)).latestNotifiedAt,
    });
    const sub = (await e.ctx.notifications.subscriptions(e.ctx.jobId)).find((s) => s.resource === "users");
    assert.ok(sub?.lastNotificationAt, "the subscription shows when it last notified");
  });

  void it("a forged notification (wrong clientState) changes nothing and is logged", async () => {
    const { e, users } = await engineWithSubscriptions();
    const before = cyclesStarted(e);
    const read = await receiveNotifications(e.ctx, batch([change(users, "forged-client-state")]));
    assert.equal(read.forged, 1);
    assert.equal(e.queue.peek(QUEUES.deltaPages).length, 0);
    await drainInMemory(e);
    assert.equal(cyclesStarted(e), before);
    assert.ok(e.log.lines.some((l) => l.level === "warn" && /wrong clientState/.test(l.message)));
  });

  void it("lifecycle: reauthorizationRequired reauthorizes; subscriptionRemoved recreates and catches up; missed catches up", async () => {
    const { e, users, groups } = await engineWithSubscriptions();
    const lifecycle = (subscriptionId: string, lifecycleEvent: string) => ({
      subscriptionId,
      clientState: secret,
      lifecycleEvent,
    });

    await receiveNotifications(e.ctx, batch([lifecycle(users, "reauthorizationRequired")]));
    await drainInMemory(e);
    assert.ok(graphSubs(e).calls.includes(`reauthorize ${users}`));

    const before = cyclesStarted(e);
    graphSubs(e).live.delete(groups);
    await receiveNotifications(e.ctx, batch([lifecycle(groups, "subscriptionRemoved")]));
    await drainInMemory(e);
    const now = (await e.ctx.notifications.subscriptions(e.ctx.jobId)).find((s) => s.resource === "groups");
    assert.ok(now?.id && now.id !== groups, "a new groups subscription");
    assert.equal(cyclesStarted(e) - before, 1, "and a catch-up cycle for what it may have missed");

    await receiveNotifications(e.ctx, batch([lifecycle(users, "missed")]));
    await drainInMemory(e);
    assert.equal(cyclesStarted(e) - before, 2, "missed notifications: another catch-up cycle");
  });

  void it("an expired subscription is created again by the timer's check, with a catch-up cycle", async () => {
    const { e, users } = await engineWithSubscriptions();
    graphSubs(e).live.delete(users);
    e.clock.advance(30 * 24 * 3600_000); // past the 29-day lifetime
    const before = cyclesStarted(e);
    const actions = await maintainSubscriptions(e.ctx);
    assert.deepEqual(
      actions.map((a) => a.kind),
      ["create", "create"],
    );
    await drainInMemory(e);
    assert.equal(cyclesStarted(e) - before, 1);
  });
});
