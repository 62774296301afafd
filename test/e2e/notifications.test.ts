/**
 * Near-real-time on the local stack: the schedule is once an hour, yet Entra changes reach Slack through Graph change
 * notifications (the Graph emulator posts them as Graph does); a dropped notification, a subscription Graph removed
 * and one that expired are each caught; a forged notification changes nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { GraphEmulator } from "../../dev/graph-emulator";
import type { LocalStack } from "../../dev/stack/startLocalStack";
import { startLocalStack } from "../../dev/stack/startLocalStack";
import { runCycle, status } from "../support/stackCycles";
import { waitFor } from "../support/waitFor";

const DOMAIN = "contoso.example";
const HOUR = "0 0 * * * *";

function makeUser(graph: GraphEmulator, local: string, assign = false): string {
  const upn = `${local}@${DOMAIN}`;
  const u = graph.directory.createUser({
    userPrincipalName: upn,
    mail: upn,
    displayName: local.replace(".", " "),
    givenName: "Note",
    surname: "Taker",
    jobTitle: "Analyst",
    accountEnabled: true,
  });
  if (assign) graph.directory.assign({ principalId: u.id });
  return u.id;
}

void describe("Graph change notifications, end to end", () => {
  let stack: LocalStack;
  const u: Record<string, string> = {};
  const g: Record<string, string> = {};
  const slackUser = (userName: string) => stack.slack.store.listUsers().find((x) => x.userName === userName);
  const reaches = (what: string, probe: () => boolean) => waitFor(probe, { timeoutMs: 30_000, what });
  const subscriptions = () => stack.graph.directory.listSubscriptions();

  before(async () => {
    stack = await startLocalStack({
      slackRateLimits: "off",
      syncSchedule: HOUR,
      notifications: true,
      settings: {
        SLACK_MAX_WRITES_PER_MINUTE: "6000",
        SLACK_MAX_READS_PER_MINUTE: "6000",
        DEACTIVATION_THRESHOLD_PERCENT: "100",
      },
      seed: (graph) => {
        u.ann = makeUser(graph, "ann.note", true);
        u.ben = makeUser(graph, "ben.note", true);
        u.cat = makeUser(graph, "cat.note");
        const d = graph.directory;
        g.inner = d.createGroup({ displayName: "Inner", members: [u.cat] }).id;
        g.outer = d.createGroup({ displayName: "Outer", members: [{ id: g.inner, type: "group" }] }).id;
        d.assign({ principalId: g.outer, principalType: "Group" });
      },
    });
    // The first cycle by hand (the schedule is hourly); from then on nothing is triggered by hand.
    await runCycle(stack, { timeoutMs: 60_000 });
    await waitFor(() => subscriptions().length === 2, {
      timeoutMs: 20_000,
      what: "the users and groups subscriptions",
    });
  });
  after(async () => {
    await stack?.stop();
  });

  void it("a jobTitle change, a disable, a new member of a nested assigned group and a new user in an assigned group reach Slack", async () => {
    const d = stack.graph.directory;
    d.updateUser(u.ann ?? "", { jobTitle: "Chief Note Taker" });
    await reaches("Ann's new title in Slack", () => slackUser("ann.note")?.title === "Chief Note Taker");

    d.updateUser(u.ben ?? "", { accountEnabled: false });
    await reaches("Ben deactivated in Slack", () => slackUser("ben.note")?.active === false);

    const dan = makeUser(stack.graph, "dan.note");
    d.addMember(g.inner ?? "", dan);
    await reaches("Dan (nested member) in Slack", () => slackUser("dan.note")?.active === true);

    const eve = makeUser(stack.graph, "eve.note");
    d.addMember(g.outer ?? "", eve);
    await reaches("Eve (new member of the assigned group) in Slack", () => slackUser("eve.note")?.active === true);
  });

  void it("/api/status shows both subscriptions and the latest notification", async () => {
    const body = (await fetch(`${stack.apiUrl()}/status`).then((r) => r.json())) as {
      notifications: {
        enabled: boolean;
        subscriptions: { resource: string; id?: string; expiresAt?: string }[];
        latestNotifiedAt?: string;
      };
    };
    assert.equal(body.notifications.enabled, true);
    assert.deepEqual(body.notifications.subscriptions.map((s) => s.resource).sort(), ["groups", "users"]);
    const ids = new Set(subscriptions().map((s) => s.id));
    assert.ok(body.notifications.subscriptions.every((s) => s.id && ids.has(s.id) && s.expiresAt));
    assert.ok(body.notifications.latestNotifiedAt, "the changes above were notified");
  });

  void it("a forged notification (wrong clientState) changes nothing", async () => {
    const before = await status(stack);
    const res = await fetch(`${stack.apiUrl()}/graph/notifications`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        value: [
          { subscriptionId: subscriptions()[0]?.id, clientState: "forged", changeType: "updated", resource: "Users/x" },
        ],
      }),
    });
    assert.equal(res.status, 202, "answered like any other, so a forger learns nothing");
    const catchUp = await fetch(`${stack.apiUrl()}/status`).then(async (r) => (await r.json()) as { cycleId?: string });
    assert.equal(catchUp.cycleId, before.cycleId, "no cycle started");
  });

  void it("a dropped notification is caught (Graph's missed event starts a catch-up cycle)", async () => {
    stack.graph.directory.dropNextNotifications(1);
    stack.graph.directory.updateUser(u.ann ?? "", { jobTitle: "Dropped But Caught" });
    await reaches(
      "the change of the dropped notification in Slack",
      () => slackUser("ann.note")?.title === "Dropped But Caught",
    );
  });

  void it("a subscription Graph removed is created again, and what it missed is caught", async () => {
    const users = subscriptions().find((s) => /users/i.test(s.resource));
    assert.ok(users);
    stack.graph.directory.sendLifecycleEvent(users.id, "subscriptionRemoved");
    stack.graph.directory.updateUser(u.ann ?? "", { jobTitle: "While Unsubscribed" });
    await reaches("a new users subscription", () =>
      subscriptions().some((s) => /users/i.test(s.resource) && s.id !== users.id),
    );
    await reaches("the change made meanwhile in Slack", () => slackUser("ann.note")?.title === "While Unsubscribed");
  });

  void it("an expired subscription is created again when the app starts, and what it missed is caught", async () => {
    const users = subscriptions().find((s) => /users/i.test(s.resource));
    assert.ok(users);
    stack.graph.directory.expireSubscription(users.id);
    stack.graph.directory.updateUser(u.ann ?? "", { jobTitle: "While Expired" });
    await stack.restartHost({ kill: false });
    await reaches("a new users subscription", () =>
      subscriptions().some((s) => /users/i.test(s.resource) && s.id !== users.id),
    );
    await reaches("the change made meanwhile in Slack", () => slackUser("ann.note")?.title === "While Expired");
  });
});
