/**
 * The Slack emulator's random faults (chaos runs): seeded and replayable, at the given rates, capped, counted, and
 * applied by the SCIM handler as their kind says (5xx and 429 not applied, a timeout applied late, 204 for a PATCH).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { RandomFaults } from "../../../dev/slack-emulator/RandomFaults";
import type { RandomFaultSettings } from "../../../dev/slack-emulator/RandomFaults";
import { handleScim } from "../../../dev/slack-emulator/scimRoutes";
import { SlackEmulatorStore } from "../../../dev/slack-emulator/SlackEmulatorStore";

const BASE = "http://127.0.0.1/scim/v2";
const TOKEN = "xoxp-random-faults-test";

function draws(settings: RandomFaultSettings, n: number, method = "GET"): (string | undefined)[] {
  const faults = new RandomFaults();
  faults.configure(settings);
  return Array.from({ length: n }, () => faults.draw(method)?.kind);
}

test("slack random faults: off until configured, and the same seed draws the same faults", () => {
  assert.equal(new RandomFaults().draw("GET"), undefined);
  const settings = { seed: 42, rates: { serverError: 0.2, throttle: 0.2, timeout: 0.1 } };
  assert.deepEqual(draws(settings, 200), draws(settings, 200));
  assert.notDeepEqual(draws(settings, 200), draws({ ...settings, seed: 43 }, 200));
});

test("slack random faults: each kind at about its rate; noContent only for PATCH and PUT", () => {
  const settings = { seed: 7, rates: { serverError: 0.1, throttle: 0.05, noContent: 0.3 } };
  const get = draws(settings, 20_000);
  const share = (list: (string | undefined)[], kind: string) => list.filter((k) => k === kind).length / list.length;
  assert.ok(Math.abs(share(get, "serverError") - 0.1) < 0.01, `serverError ${share(get, "serverError")}`);
  assert.ok(Math.abs(share(get, "throttle") - 0.05) < 0.01, `throttle ${share(get, "throttle")}`);
  assert.equal(share(get, "noContent"), 0);
  const patch = draws(settings, 20_000, "PATCH");
  assert.ok(Math.abs(share(patch, "noContent") - 0.3) < 0.02, `noContent ${share(patch, "noContent")}`);
});

test("slack random faults: statuses, Retry-After, hang time, and limits", async () => {
  const faults = new RandomFaults();
  faults.configure({ seed: 1, rates: { serverError: 1 }, limits: { serverError: 3 } });
  const first = faults.draw("POST");
  assert.ok(first && [500, 502, 503].includes(first.status ?? 0));
  faults.record("serverError");
  faults.record("serverError");
  faults.record("serverError");
  assert.equal(faults.draw("POST"), undefined, "a kind at its limit is no longer drawn");
  assert.deepEqual(faults.counts(), { serverError: 3, throttle: 0, timeout: 0, noContent: 0 });

  faults.configure({ seed: 1, rates: { throttle: 1 }, retryAfterSeconds: 4 });
  assert.deepEqual(faults.draw("GET"), { kind: "throttle", status: 429, retryAfterSeconds: 4 });
  assert.equal(faults.counts().serverError, 0, "configuring starts the counters again");

  faults.configure({ seed: 1, rates: { timeout: 1 }, hangMs: 30 });
  assert.deepEqual(faults.draw("GET"), { kind: "timeout", hangMs: 30 });
  const held = faults.hang(30, new AbortController().signal);
  assert.equal(faults.hanging, 1);
  await held;
  assert.equal(faults.hanging, 0);
  assert.equal(faults.counts().timeout, 1);

  assert.throws(() => faults.configure({ seed: 1, rates: { serverError: 0.7, throttle: 0.7 } }), /more than 1/);
  assert.throws(() => faults.configure({ seed: 1, rates: { serverError: -1 } }), /0–1/);
  faults.configure(undefined);
  assert.equal(faults.draw("GET"), undefined);
});

test("slack random faults through the SCIM handler: 5xx and 429 change nothing, a timeout is applied late, 204 for PATCH", async () => {
  const store = new SlackEmulatorStore(BASE, {
    grid: false,
    channelNames: [],
    rateLimits: "off",
    token: TOKEN,
    writeLatencyMs: 0,
  });
  const signal = new AbortController().signal;
  const call = (method: string, path: string, body?: unknown) =>
    handleScim(
      { store, scimBaseUrl: BASE, signal },
      method,
      new URL(`${BASE}${path}`),
      `Bearer ${TOKEN}`,
      body === undefined ? "" : JSON.stringify(body),
    );
  const user = (userName: string) => ({ userName, emails: [{ value: `${userName}@example.com`, primary: true }] });

  store.setRandomFaults({ seed: 3, rates: { serverError: 1 } });
  const failed = await call("POST", "/Users", user("ada"));
  assert.ok([500, 502, 503].includes(failed.status), `status ${failed.status}`);
  assert.equal(store.listUsers().length, 0, "a 5xx is not applied");

  store.setRandomFaults({ seed: 3, rates: { throttle: 1 }, retryAfterSeconds: 2 });
  const throttled = await call("POST", "/Users", user("ada"));
  assert.equal(throttled.status, 429);
  assert.equal(throttled.headers?.["retry-after"], "2");
  assert.equal(store.listUsers().length, 0, "a 429 is not applied");

  store.setRandomFaults({ seed: 3, rates: { timeout: 1 }, hangMs: 40 });
  const started = Date.now();
  const late = call("POST", "/Users", user("ada"));
  assert.equal(store.randomFaultCounts().hanging, 1);
  assert.equal(store.listUsers().length, 0, "held, not applied yet");
  assert.equal((await late).status, 201);
  assert.ok(Date.now() - started >= 35, "held for hangMs");
  assert.equal(store.listUsers().length, 1, "applied when the hang ends");

  const id = store.listUsers()[0]?.id ?? "";
  store.setRandomFaults({ seed: 3, rates: { noContent: 1 } });
  const patched = await call("PATCH", `/Users/${id}`, {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [{ op: "replace", path: "title", value: "Engineer" }],
  });
  assert.deepEqual(patched, { status: 204 });
  assert.equal(store.getUser(id)?.title, "Engineer");
  assert.equal((await call("GET", `/Users/${id}`)).status, 200, "reads are answered as usual");
  const bad = await call("PATCH", "/Users/U0NOSUCHUSR", {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [{ op: "replace", path: "title", value: "x" }],
  });
  assert.equal(bad.status, 404, "a failing write keeps its error");
  assert.deepEqual(store.randomFaultCounts(), { serverError: 0, throttle: 0, timeout: 0, noContent: 1, hanging: 0 });
});
