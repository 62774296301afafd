import assert from "node:assert/strict";
import { inspect } from "node:util";
import { after, before, beforeEach, describe, it } from "node:test";
import type { SlackEmulator } from "../../../dev/slack-emulator";
import { startSlackEmulator } from "../../../dev/slack-emulator";
import { CredentialError, SlackRejectedError, ThrottledError, TransientError } from "../../../shared/errors";
import { createSlackTarget } from "../../../shared/slack/createSlackTarget";
import type { ScimSlackTargetOptions } from "../../../shared/slack/ScimSlackTarget";
import { ProcessRateGovernor } from "../../../shared/slack/ProcessRateGovernor";
import { governorLimits } from "../../../shared/slack/slackRateLimits";
import { ScimSlackTarget } from "../../../shared/slack/ScimSlackTarget";
import type { ScimUser } from "../../../shared/slack/ScimUser";
import { SCIM_ENTERPRISE_SCHEMA } from "../../../shared/slack/ScimUser";

const fast = { retry: { backoffBaseMs: 5, backoffMaxMs: 20, random: () => 0.5 } };

function newUser(userName: string, email: string, extra: Partial<ScimUser> = {}): ScimUser {
  return { userName, emails: [{ value: email, type: "work", primary: true }], active: true, ...extra };
}

void describe("ScimSlackTarget against the Slack emulator", () => {
  let emu: SlackEmulator;
  let target: ScimSlackTarget;
  const make = (o: Partial<ScimSlackTargetOptions> = {}) =>
    new ScimSlackTarget({
      scimBaseUrl: emu.url,
      token: emu.token,
      maxWritesPerMinute: 60_000,
      maxReadsPerMinute: 60_000,
      ...o,
      retry: { ...fast.retry, ...o.retry },
    });

  before(async () => {
    emu = await startSlackEmulator({ rateLimits: "off" });
  });
  after(() => emu.close());
  beforeEach(() => {
    emu.store.reset();
    emu.store.setRateLimits("off");
    target = make();
  });

  void it("createSlackTarget builds from settings", async () => {
    const t = createSlackTarget(
      {
        scimBaseUrl: emu.url + "/",
        token: emu.token,
        maxWritesPerMinute: 100,
        maxReadsPerMinute: 100,
        sharedRateGovernor: false,
      },
      fast,
    );
    assert.deepEqual(await t.countUsers(), { total: 0, active: 0 });
  });

  void it("creates, finds by userName (case-insensitively) and by email, gets, counts", async () => {
    const created = await target.createUser(newUser("Jane.Doe", "jane@corp.example", { displayName: "Jane Doe" }));
    assert.match(created.id, /^U/);
    assert.equal(created.userName, "jane.doe");
    assert.equal((await target.findUsersByUserName("JANE.DOE"))[0]?.id, created.id);
    assert.equal((await target.findUsersByEmail("Jane@Corp.Example"))[0]?.id, created.id);
    assert.deepEqual(await target.findUsersByUserName("nobody"), []);
    assert.equal((await target.getUser(created.id))?.displayName, "Jane Doe");
    assert.equal(await target.getUser("UDOESNOTEXIST"), undefined);
  });

  void it("countUsers pages through more than one page of 1000", async () => {
    emu.store.seedUsers(
      Array.from({ length: 1203 }, (_, i) => ({
        userName: `u${i}`,
        emails: [{ value: `u${i}@x.io` }],
        active: i % 3 !== 0,
      })),
    );
    assert.deepEqual(await target.countUsers(), { total: 1203, active: 802 });
    const pages = emu.store.requests().filter((r) => r.path.startsWith("/scim/v2/Users?startIndex="));
    assert.deepEqual(
      pages.map((r) => r.path),
      ["/scim/v2/Users?startIndex=1&count=1000", "/scim/v2/Users?startIndex=1001&count=1000"],
    );
  });

  void it("patches each attribute kind, deactivates and reactivates", async () => {
    const u = await target.createUser(newUser("pat", "pat@x.io"));
    await target.patchUser(u.id, [
      { op: "replace", path: "displayName", value: "Pat" },
      { op: "replace", path: "name.familyName", value: "Quinn" },
      { op: "replace", path: 'emails[type eq "work"].value', value: "pat.quinn@x.io" },
      { op: "add", path: 'phoneNumbers[type eq "mobile"].value', value: "+47 1" },
      { op: "add", path: 'addresses[type eq "work"].postalCode', value: "0150" },
      { op: "add", path: `${SCIM_ENTERPRISE_SCHEMA}:department`, value: "Ops" },
      { op: "replace", path: "title", value: "Lead" },
    ]);
    const p = await target.getUser(u.id);
    assert.ok(p);
    assert.equal(p.displayName, "Pat");
    assert.equal(p.name?.familyName, "Quinn");
    assert.equal(p.emails?.[0]?.value, "pat.quinn@x.io");
    assert.deepEqual(p.phoneNumbers?.[1], { value: "+47 1", primary: true });
    assert.equal(p.addresses?.[0]?.postalCode, "0150");
    assert.equal(p[SCIM_ENTERPRISE_SCHEMA]?.department, "Ops");
    assert.equal(p.title, "Lead");
    await target.patchUser(u.id, [{ op: "replace", path: "active", value: false }]);
    assert.equal((await target.getUser(u.id))?.active, false);
    await target.patchUser(u.id, [{ op: "replace", path: "active", value: true }]);
    assert.equal((await target.getUser(u.id))?.active, true);
  });

  void it("surfaces Slack's rejections as SlackRejectedError with Slack's code", async () => {
    const existing = emu.store.seedUser({ userName: "taken", emails: [{ value: "taken@x.io" }], active: false });
    const cases: [ScimUser, string, number][] = [
      [newUser("TAKEN", "new@x.io"), "username_taken", 409],
      [newUser("fresh", "taken@x.io"), "email_taken", 409],
      [newUser("a".repeat(22), "long@x.io"), "long_username", 400],
      [newUser("named", "named@x.io", { displayName: "me@corp" }), "invalid_name_specials", 400],
      [{ userName: "noemail" }, "email_empty", 400],
    ];
    for (const [body, code, status] of cases) {
      await assert.rejects(target.createUser(body), (e: unknown) => {
        assert.ok(e instanceof SlackRejectedError, String(e));
        assert.equal(e.slackCode, code);
        assert.equal(e.status, status);
        assert.equal(e.retryable, false);
        if (code === "email_taken") assert.equal(e.slackMessage, `email_taken (existing_user=${existing.id})`);
        return true;
      });
    }
  });

  void it("parses the v1 error shape too", async () => {
    emu.store.injectFault({
      method: "POST",
      body: { Errors: { description: "username_not_allowed (user=x)", code: 400 } },
      status: 400,
    });
    await assert.rejects(target.createUser(newUser("admin", "a@x.io")), (e: unknown) => {
      assert.ok(e instanceof SlackRejectedError);
      assert.equal(e.slackCode, "username_not_allowed");
      assert.equal(e.slackMessage, "username_not_allowed (user=x)");
      return true;
    });
  });

  void it("honours Retry-After on 429 and then succeeds", async () => {
    emu.store.injectFault({ method: "POST", pathContains: "/Users", retryAfterSeconds: 1 });
    const started = performance.now();
    const u = await target.createUser(newUser("patient", "patient@x.io"));
    const waited = performance.now() - started;
    assert.equal(u.userName, "patient");
    assert.ok(waited >= 950, `waited ${waited} ms`);
    assert.deepEqual(target.stats, { requests: 2, throttled: 1, retries: 1 });
  });

  void it("gives up with ThrottledError (retryable) after the bound", async () => {
    const t = make({ retry: { maxThrottleRetries: 2 } });
    emu.store.injectFault({ method: "GET", retryAfterSeconds: 0, times: 10 });
    await assert.rejects(t.findUsersByEmail("a@x.io"), (e: unknown) => {
      assert.ok(e instanceof ThrottledError);
      assert.equal(e.retryable, true);
      return true;
    });
    assert.equal(t.stats.throttled, 3);
  });

  void it("persistent 5xx becomes TransientError after bounded retries", async () => {
    const u = emu.store.seedUser({ userName: "five", emails: [{ value: "five@x.io" }] });
    emu.store.injectFault({ method: "PATCH", status: 500, times: 10 });
    const t = make({ retry: { maxTransientAttempts: 3 } });
    await assert.rejects(t.patchUser(u.id, [{ op: "replace", path: "title", value: "x" }]), (e: unknown) => {
      assert.ok(e instanceof TransientError);
      assert.equal(e.retryable, true);
      assert.equal(e.status, 500);
      return true;
    });
    assert.deepEqual(t.stats, { requests: 3, throttled: 0, retries: 2 });
  });

  void it("a transient 503 is retried and succeeds; POST is not retried on 5xx", async () => {
    emu.store.injectFault({ method: "GET", status: 503 });
    assert.deepEqual(await target.findUsersByUserName("x"), []);
    emu.store.injectFault({ method: "POST", status: 502 });
    await assert.rejects(target.createUser(newUser("once", "once@x.io")), TransientError);
    assert.equal(emu.store.requests().filter((r) => r.method === "POST").length, 1);
  });

  void it("times out a hung request and reports TransientError", async () => {
    emu.store.injectFault({ method: "GET", hangMs: 2000, times: 5 });
    const t = make({ retry: { requestTimeoutMs: 100, maxTransientAttempts: 2 } });
    await assert.rejects(t.findUsersByEmail("hang@x.io"), (e: unknown) => {
      assert.ok(e instanceof TransientError);
      assert.match(e.message, /no answer within 100 ms/);
      return true;
    });
  });

  void it("a wrong token is a CredentialError that never contains the token", async () => {
    const secret = "xoxp-super-secret-token-123";
    const t = make({ token: secret });
    await assert.rejects(t.findUsersByEmail("a@x.io"), (e: unknown) => {
      assert.ok(e instanceof CredentialError);
      assert.equal(e.code, "SlackCredentialError");
      assert.match(e.message, /org-level admin token/);
      assert.match(e.message, /active Slack admin/);
      assert.ok(!inspect(e, { depth: 10 }).includes(secret));
      assert.ok(!JSON.stringify(e).includes(secret));
      return true;
    });
    assert.ok(!inspect(t, { depth: 10 }).includes(secret));
  });

  void it("serializes writes per resource so Slack's lock never answers 429", async () => {
    const lockEmu = await startSlackEmulator({ writeLatencyMs: 40 });
    try {
      const t = new ScimSlackTarget({
        scimBaseUrl: lockEmu.url,
        token: lockEmu.token,
        maxWritesPerMinute: 60_000,
        maxReadsPerMinute: 60_000,
        ...fast,
      });
      const u = await t.createUser(newUser("busy", "busy@x.io"));
      const titles = ["a", "b", "c", "d", "e"];
      await Promise.all(titles.map((title) => t.patchUser(u.id, [{ op: "replace", path: "title", value: title }])));
      assert.equal(t.stats.throttled, 0);
      assert.equal(lockEmu.store.getUser(u.id)?.title, "e");
    } finally {
      await lockEmu.close();
    }
  });

  void it("pacing keeps a burst under a tiny emulator limit without a single 429", async () => {
    const limits = { usersCreate: { perMinute: 600, burst: 3 } };
    // Control: the same burst without pacing collects 429s from the emulator.
    emu.store.setRateLimits(limits);
    const unpaced = make({ retry: { maxThrottleRetries: 0 } });
    const raw = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => unpaced.createUser(newUser(`raw${i}`, `raw${i}@x.io`))),
    );
    assert.ok(raw.some((r) => r.status === "rejected"));

    emu.store.reset();
    emu.store.setRateLimits(limits);
    const governor = new ProcessRateGovernor(
      { ...governorLimits(480, 6000), usersCreate: { perMinute: 480, burst: 2 } },
      30_000,
    );
    const paced = make({ governor, retry: { maxThrottleRetries: 0 } });
    const created = await Promise.all(
      Array.from({ length: 10 }, (_, i) => paced.createUser(newUser(`paced${i}`, `paced${i}@x.io`))),
    );
    assert.equal(created.length, 10);
    assert.equal(paced.stats.throttled, 0);
    assert.ok(emu.store.requests().every((r) => r.status !== 429));
  });
});
