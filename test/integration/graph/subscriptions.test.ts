/**
 * The Graph emulator's subscriptions API over HTTP: the validation handshake (both endpoints, Graph's failures),
 * the checks of the body (https, expiry within 41,760 minutes, clientState, change types), renewal, delete,
 * reauthorize, and expiry. A loopback receiver plays the app's webhook.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  DEFAULT_APP_SERVICE_PRINCIPAL_ID,
  DIRECTORY_SUBSCRIPTION_MAX_MINUTES,
  startGraphEmulator,
} from "../../../dev/graph-emulator";
import type { GraphEmulator } from "../../../dev/graph-emulator";
import { emulatorToken } from "./graphTestSupport";
import { NotificationReceiver } from "./NotificationReceiver";
import { pollUntil } from "./pollUntil";
import { errorOf, graphSend, minutesFromNow, subscribe } from "./subscriptionTestSupport";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOKEN_TEXT = /^Validation: Testing client application reachability for subscription Request-Id: [0-9a-f-]{36}$/;

void describe("Graph emulator subscriptions", () => {
  let emu: GraphEmulator;
  let rx: NotificationReceiver;
  let token: string;
  let subs: string;

  before(async () => {
    emu = await startGraphEmulator({ notifications: { validationTimeoutMs: 1000 } });
    rx = await NotificationReceiver.start();
    token = await emulatorToken(emu);
    subs = `${emu.url}/v1.0/subscriptions`;
  });
  after(async () => {
    await emu.close();
    await rx.close();
  });

  const request = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    changeType: "updated,deleted",
    notificationUrl: rx.url("/notify"),
    lifecycleNotificationUrl: rx.url("/lifecycle"),
    resource: "users",
    expirationDateTime: minutesFromNow(60),
    clientState: "s3cret",
    ...overrides,
  });

  void it("validates the notification URL, then the lifecycle URL, then answers 201 with the subscription", async () => {
    const expirationDateTime = minutesFromNow(120);
    const r = await graphSend("POST", subs, token, request({ expirationDateTime }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const { id } = r.body as { id: string };
    assert.match(id, GUID);
    assert.deepEqual(r.body, {
      "@odata.context": `${emu.url}/v1.0/$metadata#subscriptions/$entity`,
      id,
      resource: "users",
      applicationId: emu.clientId,
      changeType: "updated,deleted",
      clientState: "s3cret",
      notificationUrl: rx.url("/notify"),
      notificationQueryOptions: null,
      lifecycleNotificationUrl: rx.url("/lifecycle"),
      expirationDateTime,
      creatorId: DEFAULT_APP_SERVICE_PRINCIPAL_ID,
      includeResourceData: false,
      latestSupportedTlsVersion: "v1_2",
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    });
    assert.ok(r.headers.get("request-id"));

    const [notify] = rx.validations("/notify");
    const [lifecycle] = rx.validations("/lifecycle");
    assert.ok(notify && lifecycle, "both endpoints validated");
    assert.ok(notify.at <= lifecycle.at, "notification URL first");
    assert.equal(notify.method, "POST");
    assert.equal(notify.headers["content-type"], "text/plain; charset=utf-8");
    assert.equal(notify.body, "");
    // Graph's token is readable text, URL-encoded as .NET does: the endpoint must decode it.
    assert.match(notify.rawQuery, /^validationToken=Validation%3a\+Testing\+client\+application\+reachability/);
    assert.match(notify.query.get("validationToken") ?? "", TOKEN_TEXT);
    assert.notEqual(notify.query.get("validationToken"), lifecycle.query.get("validationToken"));

    const got = await graphSend("GET", `${subs}/${id}`, token);
    assert.equal(got.status, 200);
    assert.equal(got.body.expirationDateTime, expirationDateTime);
    const list = await graphSend("GET", subs, token);
    assert.equal(list.body["@odata.context"], `${emu.url}/v1.0/$metadata#subscriptions`);
    assert.deepEqual(
      (list.body.value as { id: string }[]).map((s) => s.id),
      [id],
    );

    // "/groups", no lifecycle URL, no clientState, and a notification URL with a query string of its own.
    const groups = await graphSend(
      "POST",
      subs,
      token,
      request({
        resource: "/groups",
        lifecycleNotificationUrl: undefined,
        clientState: undefined,
        notificationUrl: rx.url("/notify-q?tenant=a"),
      }),
    );
    assert.equal(groups.status, 201, JSON.stringify(groups.body));
    assert.equal(groups.body.resource, "/groups");
    assert.equal(groups.body.clientState, null);
    assert.equal(groups.body.lifecycleNotificationUrl, null);
    const [q] = rx.validations("/notify-q");
    assert.equal(q?.query.get("tenant"), "a");
    assert.match(q?.query.get("validationToken") ?? "", TOKEN_TEXT);
    for (const s of [id, groups.body.id as string])
      assert.equal((await graphSend("DELETE", `${subs}/${s}`, token)).status, 204);
  });

  void it("refuses the subscription when an endpoint fails validation, with Graph's errors", async () => {
    rx.on("/wrong-body", () => ({ status: 200, contentType: "text/plain", body: "something else" }));
    rx.on("/still-encoded", (req) => ({
      status: 200,
      contentType: "text/plain",
      body: req.rawQuery.replace(/^validationToken=/, ""),
    }));
    rx.on("/json", (req) => ({
      status: 200,
      contentType: "application/json",
      body: req.query.get("validationToken") ?? "",
    }));
    rx.on("/accepted", (req) => ({
      status: 202,
      contentType: "text/plain",
      body: req.query.get("validationToken") ?? "",
    }));
    rx.on("/slow", (req) => ({
      status: 200,
      contentType: "text/plain",
      body: req.query.get("validationToken") ?? "",
      delayMs: 4000,
    }));
    const failed = "Subscription validation request failed.";
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ notificationUrl: rx.url("/wrong-body") }, "ValidationError", /Response must exactly match validationToken/],
      [{ notificationUrl: rx.url("/still-encoded") }, "ValidationError", /must exactly match validationToken/],
      [{ notificationUrl: rx.url("/json") }, "ValidationError", /text\/plain/],
      [{ notificationUrl: rx.url("/accepted") }, "ValidationError", /HTTP status code is 'Accepted'.*200 OK/],
      [{ lifecycleNotificationUrl: rx.url("/wrong-body") }, "ValidationError", /must exactly match validationToken/],
      [{ notificationUrl: "http://127.0.0.1:1/nobody" }, "ValidationError", /must respond with 200 OK/],
    ];
    for (const [overrides, code, message] of cases) {
      const r = await graphSend("POST", subs, token, request(overrides));
      assert.equal(r.status, 400, JSON.stringify(overrides));
      assert.equal(errorOf(r).code, code);
      assert.match(errorOf(r).message, message);
      assert.ok(errorOf(r).message.startsWith(failed), errorOf(r).message);
      const inner = (r.body.error as { innerError: Record<string, string> }).innerError;
      assert.equal(typeof inner["request-id"], "string");
      assert.equal(typeof inner.date, "string");
    }
    const started = Date.now();
    const slow = await graphSend("POST", subs, token, request({ notificationUrl: rx.url("/slow") }));
    assert.equal(slow.status, 400);
    assert.deepEqual(errorOf(slow), { code: "InvalidRequest", message: "Subscription validation request timed out." });
    assert.ok(Date.now() - started < 3500, "the configured validation timeout applies");
    assert.deepEqual(emu.directory.listSubscriptions(), [], "nothing was created");
  });

  void it("checks the request as Graph does: https, expiry bound, clientState, change types, resource, token", async () => {
    const maxMinutes = DIRECTORY_SUBSCRIPTION_MAX_MINUTES;
    assert.equal(maxMinutes, 41_760);
    const cases: [Record<string, unknown>, number, string, string | RegExp][] = [
      [
        { notificationUrl: "http://example.com/hook" },
        400,
        "InvalidRequest",
        "NotificationUrl scheme='http' is not supported.",
      ],
      [
        { lifecycleNotificationUrl: "ftp://127.0.0.1/x" },
        400,
        "InvalidRequest",
        "LifecycleNotificationUrl scheme='ftp' is not supported.",
      ],
      [{ notificationUrl: "not a url" }, 400, "InvalidRequest", "Invalid notification url='not a url'."],
      [{ expirationDateTime: minutesFromNow(-1) }, 400, "InvalidRequest", /must be in the future/],
      [
        { expirationDateTime: minutesFromNow(maxMinutes + 1) },
        400,
        "ExtensionError",
        "Subscription expiration can only be 41760 minutes in the future.",
      ],
      [{ expirationDateTime: "2030-01-01T00:00:00" }, 400, "BadRequest", /Edm\.DateTimeOffset/],
      [
        { expirationDateTime: undefined },
        400,
        "InvalidRequest",
        "expirationDateTime is a required property for subscription creation.",
      ],
      [{ clientState: "x".repeat(129) }, 400, "InvalidRequest", /128 characters/],
      [{ changeType: "updated,renamed" }, 400, "InvalidRequest", "'renamed' is not a valid change type."],
      [{ resource: "me/messages" }, 400, "InvalidRequest", /not supported/],
      [{ includeResourceData: true }, 400, "InvalidRequest", /resource data/],
      [{ latestSupportedTlsVersion: "v2_0" }, 400, "InvalidRequest", /latestSupportedTlsVersion/],
      [
        { notifyUrl: rx.url("/notify") },
        400,
        "InvalidRequest",
        /Are all property names spelled and camelCased properly/,
      ],
    ];
    const validationsBefore = rx.requests.length;
    for (const [overrides, status, code, message] of cases) {
      const r = await graphSend("POST", subs, token, request(overrides));
      assert.equal(r.status, status, JSON.stringify(overrides));
      assert.equal(errorOf(r).code, code, JSON.stringify(overrides));
      if (typeof message === "string") assert.equal(errorOf(r).message, message);
      else assert.match(errorOf(r).message, message);
    }
    assert.equal(rx.requests.length, validationsBefore, "an invalid request is refused before any validation request");
    const badJson = await graphSend("POST", subs, token, "{not json");
    assert.equal(badJson.status, 400);
    assert.match(errorOf(badJson).message, /Unable to read JSON request payload/);
    const anonymous = await graphSend("POST", subs, "", request());
    assert.equal(anonymous.status, 401);
    assert.equal(errorOf(anonymous).code, "InvalidAuthenticationToken");

    // The limits themselves are accepted.
    const longest = await subscribe(
      emu,
      token,
      request({ expirationDateTime: minutesFromNow(maxMinutes - 1), clientState: "y".repeat(128) }),
    );
    assert.equal((longest.clientState as string).length, 128);
    assert.equal((await graphSend("DELETE", `${subs}/${longest.id}`, token)).status, 204);
  });

  void it("renews (same bound), moves the notification URL after validating it, reauthorizes, deletes", async () => {
    const sub = await subscribe(emu, token, request());
    const item = `${subs}/${sub.id}`;
    const later = minutesFromNow(2 * 24 * 60);
    const renewed = await graphSend("PATCH", item, token, { expirationDateTime: later });
    assert.equal(renewed.status, 200);
    assert.equal(renewed.body.expirationDateTime, later);
    assert.equal(renewed.body["@odata.context"], `${emu.url}/v1.0/$metadata#subscriptions/$entity`);
    const tooLong = await graphSend("PATCH", item, token, { expirationDateTime: minutesFromNow(41_761) });
    assert.equal(tooLong.status, 400);
    assert.equal(errorOf(tooLong).code, "ExtensionError");
    const empty = await graphSend("PATCH", item, token, {});
    assert.equal(empty.status, 400);
    assert.equal(
      errorOf(empty).message,
      "Subscription must contain either the 'expirationDateTime' or 'notificationUrl' property and its value.",
    );
    assert.equal(
      (await graphSend("GET", item, token)).body.expirationDateTime,
      later,
      "failed renewals change nothing",
    );

    rx.on("/moved-bad", () => ({ status: 500 }));
    const badMove = await graphSend("PATCH", item, token, { notificationUrl: rx.url("/moved-bad") });
    assert.equal(badMove.status, 400);
    assert.equal(errorOf(badMove).code, "ValidationError");
    const moved = await graphSend("PATCH", item, token, { notificationUrl: rx.url("/moved") });
    assert.equal(moved.status, 200);
    assert.equal(moved.body.notificationUrl, rx.url("/moved"));
    assert.equal(rx.validations("/moved").length, 1);

    emu.directory.sendLifecycleEvent(sub.id, "reauthorizationRequired");
    assert.equal(emu.directory.listSubscriptions()[0]?.needsReauthorization, true);
    const reauthorized = await graphSend("POST", `${item}/reauthorize`, token);
    assert.equal(reauthorized.status, 204);
    assert.equal(emu.directory.listSubscriptions()[0]?.needsReauthorization, false);

    assert.equal((await graphSend("DELETE", item, token)).status, 204);
    const notFound = { code: "ResourceNotFound", message: "The object was not found." };
    for (const [method, url] of [
      ["GET", item],
      ["DELETE", item],
      ["PATCH", item],
      ["POST", `${item}/reauthorize`],
    ] as const) {
      const r = await graphSend(method, url, token, method === "PATCH" ? { expirationDateTime: later } : undefined);
      assert.equal(r.status, 404, `${method} ${url}`);
      assert.deepEqual(errorOf(r), notFound);
    }
  });

  void it("an expired subscription is gone: not listed, 404", async () => {
    const soon = await subscribe(
      emu,
      token,
      request({ expirationDateTime: new Date(Date.now() + 1000).toISOString() }),
    );
    assert.equal((await graphSend("GET", `${subs}/${soon.id}`, token)).status, 200);
    await pollUntil(
      "the subscription to expire",
      async () => (await graphSend("GET", `${subs}/${soon.id}`, token)).status === 404,
    );
    const now = await subscribe(emu, token, request());
    emu.directory.expireSubscription(now.id);
    assert.equal((await graphSend("GET", `${subs}/${now.id}`, token)).status, 404);
    assert.deepEqual((await graphSend("GET", subs, token)).body.value, []);
  });
});
