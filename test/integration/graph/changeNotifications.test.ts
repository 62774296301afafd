/**
 * The Graph emulator's change notification delivery over HTTP, against a loopback webhook: Graph's payload shape for
 * user and group changes (member changes notify groups subscribers with "updated"), batching within
 * notificationDelayMs (at most 100 per POST), retries with backoff then drop and `missed`, the admin knobs (drop the
 * next N, duplicates, lifecycle events on demand, expire now, counters), and silence for expired or deleted
 * subscriptions. Every wait polls with a deadline.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { GraphEmulatorAdminClient, startGraphEmulator } from "../../../dev/graph-emulator";
import type { GraphEmulator, NotificationSettings } from "../../../dev/graph-emulator";
import { emulatorToken } from "./graphTestSupport";
import { NotificationReceiver } from "./NotificationReceiver";
import { pollUntil } from "./pollUntil";
import { deleteAllSubscriptions, graphSend, subscribe } from "./subscriptionTestSupport";

/** Fast delivery for tests: 3 attempts 20/40 ms apart, 1 s to answer (ample on a loaded machine). */
const FAST: Partial<NotificationSettings> = {
  notificationDelayMs: 0,
  duplicateNotifications: false,
  deliveryTimeoutMs: 1000,
  maxDeliveryAttempts: 3,
  retryBaseDelayMs: 20,
  validationTimeoutMs: 2000,
};

void describe("Graph emulator change notifications", () => {
  let emu: GraphEmulator;
  let rx: NotificationReceiver;
  let token: string;
  let admin: GraphEmulatorAdminClient;

  before(async () => {
    emu = await startGraphEmulator({ notifications: FAST });
    rx = await NotificationReceiver.start();
    token = await emulatorToken(emu);
    admin = new GraphEmulatorAdminClient(emu.url);
  });
  afterEach(async () => {
    await deleteAllSubscriptions(emu, token);
    await pollUntil("deliveries to settle", () => emu.directory.notificationStats().pending === 0);
    emu.directory.setNotificationSettings(FAST);
    emu.directory.resetNotificationStats();
  });
  after(async () => {
    await emu.close();
    await rx.close();
  });

  const settled = (): Promise<true> =>
    pollUntil("deliveries to settle", () => emu.directory.notificationStats().pending === 0);
  const upn = (() => {
    let n = 0;
    return (): string => `user${++n}@contoso.example`;
  })();

  void it("a user change reaches users subscribers as Graph's basic notification, with the clientState", async () => {
    const all = await subscribe(emu, token, {
      resource: "users",
      changeType: "created,updated,deleted",
      notificationUrl: rx.url("/u"),
      lifecycleNotificationUrl: rx.url("/u-life"),
      clientState: "state-u",
    });
    await subscribe(emu, token, { resource: "users", changeType: "deleted", notificationUrl: rx.url("/u-deleted") });
    await subscribe(emu, token, { resource: "groups", changeType: "updated,deleted", notificationUrl: rx.url("/u-g") });

    const d = emu.directory;
    const ada = d.createUser({ userPrincipalName: upn(), displayName: "Ada" });
    const [first] = await pollUntil("the creation's notification", () => rx.items("/u").length === 1 && rx.items("/u"));
    assert.equal(typeof first?.id, "string");
    assert.deepEqual(first, {
      id: first?.id,
      subscriptionId: all.id,
      subscriptionExpirationDateTime: all.expirationDateTime,
      clientState: "state-u",
      changeType: "updated", // Graph notifies a user's creation as "updated"
      resource: `Users/${ada.id}`,
      resourceData: {
        "@odata.type": "#Microsoft.Graph.User",
        "@odata.id": `Users/${ada.id}`,
        id: ada.id,
        organizationId: emu.tenantId,
      },
      tenantId: emu.tenantId,
    });
    const [post] = rx.posts("/u");
    assert.equal(post?.method, "POST");
    assert.match(post?.headers["content-type"] ?? "", /^application\/json/);

    d.updateUser(ada.id, { jobTitle: "Engineer" });
    d.softDeleteUser(ada.id);
    d.restoreUser(ada.id);
    d.purgeUser(ada.id);
    const items = await pollUntil("five notifications", () => rx.items("/u").length === 5 && rx.items("/u"));
    assert.deepEqual(
      items.map((i) => i.changeType),
      ["updated", "updated", "updated", "updated", "deleted"],
    );
    assert.equal(new Set(items.map((i) => i.id)).size, 5, "each notification has its own id");
    const deletedOnly = await pollUntil(
      "the permanent delete",
      () => rx.items("/u-deleted").length === 1 && rx.items("/u-deleted"),
    );
    assert.equal(deletedOnly[0]?.changeType, "deleted");
    assert.equal(deletedOnly[0]?.resource, `Users/${ada.id}`);
    await settled();
    assert.deepEqual(rx.posts("/u-g"), [], "a groups subscription hears nothing of users");
    assert.deepEqual(rx.posts("/u-life"), [], "no lifecycle notification when all went well");
    const stats = await admin.notificationStats();
    assert.equal(stats.delivered, 6);
    assert.equal(stats.failed, 0);
  });

  void it("a group membership change notifies groups subscribers with updated; users subscribers hear nothing", async () => {
    const d = emu.directory;
    const bo = d.createUser({ userPrincipalName: upn(), displayName: "Bo" });
    const group = d.createGroup({ displayName: "Engineering" });
    const groups = await subscribe(emu, token, {
      resource: "groups",
      changeType: "updated",
      notificationUrl: rx.url("/g"),
      clientState: "state-g",
    });
    await subscribe(emu, token, { resource: "users", changeType: "updated,deleted", notificationUrl: rx.url("/g-u") });

    d.addMember(group.id, bo.id);
    const [added] = await pollUntil("the member added", () => rx.items("/g").length === 1 && rx.items("/g"));
    assert.deepEqual(added, {
      id: added?.id,
      subscriptionId: groups.id,
      subscriptionExpirationDateTime: groups.expirationDateTime,
      clientState: "state-g",
      changeType: "updated",
      resource: `Groups/${group.id}`,
      resourceData: {
        "@odata.type": "#Microsoft.Graph.Group",
        "@odata.id": `Groups/${group.id}`,
        id: group.id,
        organizationId: emu.tenantId,
      },
      tenantId: emu.tenantId,
    });
    d.removeMember(group.id, bo.id);
    d.updateGroup(group.id, { displayName: "Eng" });
    d.deleteGroup(group.id); // a security group: deleted permanently ("deleted", which this subscription did not ask for)
    const items = await pollUntil("removal and rename", () => rx.items("/g").length === 3 && rx.items("/g"));
    assert.deepEqual(
      items.map((i) => [i.changeType, i.resource]),
      [
        ["updated", `Groups/${group.id}`],
        ["updated", `Groups/${group.id}`],
        ["updated", `Groups/${group.id}`],
      ],
    );
    await settled();
    assert.equal(rx.items("/g").length, 3);
    assert.deepEqual(rx.posts("/g-u"), []);
  });

  void it("batches the changes within notificationDelayMs per URL (subscriptions mixed), 100 at most per POST", async () => {
    await admin.setNotificationSettings({ notificationDelayMs: 1000 });
    const a = await subscribe(emu, token, {
      resource: "users",
      changeType: "updated",
      notificationUrl: rx.url("/b"),
      clientState: "a",
    });
    const b = await subscribe(emu, token, {
      resource: "users",
      changeType: "updated",
      notificationUrl: rx.url("/b"),
      clientState: "b",
    });
    // Three changes through the HTTP admin API: separate requests, within the window.
    for (let i = 0; i < 3; i++) await admin.createUser({ userPrincipalName: upn() });
    const items = await pollUntil("six notifications", () => rx.items("/b").length === 6 && rx.items("/b"));
    assert.equal(rx.posts("/b").length, 1, "one POST for the window");
    assert.deepEqual(items.map((i) => i.subscriptionId).sort(), [a.id, a.id, a.id, b.id, b.id, b.id].sort());

    await graphSend("DELETE", `${emu.url}/v1.0/subscriptions/${b.id}`, token);
    for (let i = 0; i < 150; i++) emu.directory.createUser({ userPrincipalName: upn() });
    await pollUntil("156 notifications", () => rx.items("/b").length === 156);
    assert.deepEqual(
      rx
        .posts("/b")
        .slice(1)
        .map((p) => (JSON.parse(p.body) as { value: unknown[] }).value.length)
        .sort((x, y) => y - x),
      [100, 50],
    );
  });

  void it("retries a failing or silent endpoint with backoff, then drops and sends missed", async () => {
    rx.on("/flaky", (req, n) =>
      req.query.has("validationToken") ? wellBehavedValidation(req) : { status: n === 2 ? 500 : 202 },
    );
    rx.on("/down", (req) => (req.query.has("validationToken") ? wellBehavedValidation(req) : { status: 503 }));
    rx.on("/hang", (req) =>
      req.query.has("validationToken") ? wellBehavedValidation(req) : { status: 202, delayMs: 4000 },
    );
    const flaky = await subscribe(emu, token, {
      resource: "users",
      changeType: "updated",
      notificationUrl: rx.url("/flaky"),
    });
    const down = await subscribe(emu, token, {
      resource: "users",
      changeType: "updated",
      notificationUrl: rx.url("/down"),
      lifecycleNotificationUrl: rx.url("/down-life"),
      clientState: "state-down",
    });
    await subscribe(emu, token, {
      resource: "users",
      changeType: "updated",
      notificationUrl: rx.url("/hang"),
      lifecycleNotificationUrl: rx.url("/hang-life"),
    });

    emu.directory.createUser({ userPrincipalName: upn() });
    const [missed] = await pollUntil(
      "missed after the retries",
      () => rx.items("/down-life").length === 1 && rx.items("/down-life"),
    );
    assert.deepEqual(missed, {
      subscriptionId: down.id,
      subscriptionExpirationDateTime: down.expirationDateTime,
      tenantId: emu.tenantId,
      clientState: "state-down",
      lifecycleEvent: "missed",
    });
    const attempts = rx.posts("/down");
    assert.equal(attempts.length, 3, "maxDeliveryAttempts");
    const [t0, t1, t2] = attempts.map((p) => p.at);
    assert.ok((t1 ?? 0) - (t0 ?? 0) >= 15 && (t2 ?? 0) - (t1 ?? 0) >= 35, "backoff doubles (20 then 40 ms)");
    await pollUntil("missed for the silent endpoint", () => rx.items("/hang-life").length === 1, 10_000);
    assert.equal(rx.posts("/hang").length, 3, "an answer after deliveryTimeoutMs counts as none");
    assert.equal(rx.items("/flaky").length, 2, "the failed attempt, then the retry that was acknowledged");
    assert.equal(rx.items("/flaky")[0]?.subscriptionId, flaky.id);
    assert.equal(rx.items("/flaky")[0]?.id, rx.items("/flaky")[1]?.id, "a retry resends the same notification");
    await settled();
    const stats = emu.directory.notificationStats();
    assert.deepEqual(
      {
        delivered: stats.delivered,
        failed: stats.failed,
        attempts: stats.attempts,
        lifecycle: stats.lifecycleDelivered,
      },
      { delivered: 1, failed: 2, attempts: 2 + 3 + 3, lifecycle: 2 },
    );
  });

  void it("drops the next N notifications on demand (then missed), and duplicates when asked", async () => {
    const sub = await subscribe(emu, token, {
      resource: "users",
      changeType: "updated",
      notificationUrl: rx.url("/drop"),
      lifecycleNotificationUrl: rx.url("/drop-life"),
    });
    await admin.dropNextNotifications(1);
    const lost = emu.directory.createUser({ userPrincipalName: upn() });
    const [missed] = await pollUntil(
      "missed for the dropped one",
      () => rx.items("/drop-life").length === 1 && rx.items("/drop-life"),
    );
    assert.equal(missed?.lifecycleEvent, "missed");
    assert.equal(missed?.subscriptionId, sub.id);
    const kept = emu.directory.createUser({ userPrincipalName: upn() });
    await pollUntil("the next one", () => rx.items("/drop").length === 1);
    assert.deepEqual(
      rx.items("/drop").map((i) => (i.resourceData as { id: string }).id),
      [kept.id],
    );
    assert.notEqual(kept.id, lost.id);
    assert.equal((await admin.notificationStats()).dropped, 1);

    await admin.setNotificationSettings({ duplicateNotifications: true });
    emu.directory.createUser({ userPrincipalName: upn() });
    const dup = await pollUntil("the duplicate", () => rx.items("/drop").length === 3 && rx.items("/drop"));
    assert.equal(dup[1]?.id, dup[2]?.id, "the same notification twice");
    await settled();
    assert.equal(emu.directory.notificationStats().duplicated, 1);
  });

  void it("sends lifecycle events on demand to the lifecycle URL; subscriptionRemoved also removes", async () => {
    const sub = await subscribe(emu, token, {
      resource: "groups",
      changeType: "updated",
      notificationUrl: rx.url("/l"),
      lifecycleNotificationUrl: rx.url("/l-life"),
      clientState: "state-l",
    });
    assert.deepEqual(await admin.sendLifecycleEvent(sub.id, "reauthorizationRequired"), { sentTo: rx.url("/l-life") });
    const [reauth] = await pollUntil(
      "reauthorizationRequired",
      () => rx.items("/l-life").length === 1 && rx.items("/l-life"),
    );
    assert.deepEqual(reauth, {
      subscriptionId: sub.id,
      subscriptionExpirationDateTime: sub.expirationDateTime,
      tenantId: emu.tenantId,
      clientState: "state-l",
      lifecycleEvent: "reauthorizationRequired",
    });
    assert.equal((await admin.listSubscriptions())[0]?.needsReauthorization, true);
    assert.equal((await graphSend("POST", `${emu.url}/v1.0/subscriptions/${sub.id}/reauthorize`, token)).status, 204);
    assert.equal((await admin.listSubscriptions())[0]?.needsReauthorization, false);

    await admin.sendLifecycleEvent(sub.id, "missed");
    await admin.sendLifecycleEvent(sub.id, "subscriptionRemoved");
    const events = await pollUntil(
      "missed and subscriptionRemoved",
      () => rx.items("/l-life").length === 3 && rx.items("/l-life"),
    );
    assert.deepEqual(events.map((e) => e.lifecycleEvent).sort(), [
      "missed",
      "reauthorizationRequired",
      "subscriptionRemoved",
    ]);
    assert.equal((await graphSend("GET", `${emu.url}/v1.0/subscriptions/${sub.id}`, token)).status, 404);
    await assert.rejects(admin.sendLifecycleEvent(sub.id, "missed"), /HTTP 404/);

    // Graph sends lifecycle notifications only to a lifecycleNotificationUrl: none for a subscription without one.
    const plain = await subscribe(emu, token, {
      resource: "users",
      changeType: "updated",
      notificationUrl: rx.url("/l-plain"),
    });
    assert.deepEqual(await admin.sendLifecycleEvent(plain.id, "reauthorizationRequired"), { sentTo: null });
    await assert.rejects(admin.sendLifecycleEvent(plain.id, "bogus" as "missed"), /HTTP 400/);
    await settled();
    assert.deepEqual(rx.posts("/l-plain"), []);
    assert.equal(emu.directory.notificationStats().lifecycleDelivered, 3);
  });

  void it("an expired or deleted subscription gets nothing; a moved one gets it at its new URL", async () => {
    const gone = await subscribe(emu, token, {
      resource: "users",
      changeType: "updated",
      notificationUrl: rx.url("/gone"),
    });
    const deleted = await subscribe(emu, token, {
      resource: "users",
      changeType: "updated",
      notificationUrl: rx.url("/deleted"),
    });
    const moved = await subscribe(emu, token, {
      resource: "users",
      changeType: "updated",
      notificationUrl: rx.url("/before"),
    });
    await admin.expireSubscription(gone.id);
    await graphSend("DELETE", `${emu.url}/v1.0/subscriptions/${deleted.id}`, token);
    const patch = await graphSend("PATCH", `${emu.url}/v1.0/subscriptions/${moved.id}`, token, {
      notificationUrl: rx.url("/after"),
    });
    assert.equal(patch.status, 200);

    emu.directory.createUser({ userPrincipalName: upn() });
    await pollUntil("the moved subscription's notification", () => rx.items("/after").length === 1);
    await settled();
    assert.deepEqual(rx.posts("/gone"), []);
    assert.deepEqual(rx.posts("/deleted"), []);
    assert.deepEqual(rx.posts("/before"), []);
    assert.deepEqual(
      (await admin.listSubscriptions()).map((s) => s.id),
      [moved.id],
    );
  });

  void it("admin settings: read, change, and refuse invalid values", async () => {
    const settings = await admin.notificationSettings();
    assert.deepEqual(settings, { ...settings, ...FAST, maxNotificationsPerPost: 100 });
    const changed = await admin.setNotificationSettings({ notificationDelayMs: 50, maxNotificationsPerPost: 10 });
    assert.equal(changed.notificationDelayMs, 50);
    assert.equal(changed.maxNotificationsPerPost, 10);
    await assert.rejects(admin.setNotificationSettings({ maxDeliveryAttempts: 0 }), /HTTP 400/);
    await assert.rejects(admin.setNotificationSettings({ retryBaseDelayMs: 10 ** 9 }), /HTTP 400/);
    await assert.rejects(admin.dropNextNotifications(0), /HTTP 400/);
  });
});

function wellBehavedValidation(req: { query: URLSearchParams }): { status: number; contentType: string; body: string } {
  return { status: 200, contentType: "text/plain", body: req.query.get("validationToken") ?? "" };
}
