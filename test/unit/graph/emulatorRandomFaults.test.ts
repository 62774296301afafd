/** The Graph emulator's random faults (chaos runs): seeded and replayable, at the given rates, capped and counted. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { RandomFaults } from "../../../dev/graph-emulator/RandomFaults";
import type { RandomFaultSettings } from "../../../dev/graph-emulator/RandomFaults";

function draws(settings: RandomFaultSettings, n: number): (string | undefined)[] {
  const faults = new RandomFaults();
  faults.configure(settings);
  return Array.from({ length: n }, () => faults.draw()?.kind);
}

test("graph random faults: off until configured, and the same seed draws the same faults", () => {
  assert.equal(new RandomFaults().draw(), undefined);
  const settings = { seed: 9, rates: { serverError: 0.2, throttle: 0.2, timeout: 0.05 } };
  assert.deepEqual(draws(settings, 200), draws(settings, 200));
  assert.notDeepEqual(draws(settings, 200), draws({ ...settings, seed: 10 }, 200));
});

test("graph random faults: each kind at about its rate, counted when drawn, capped by its limit", () => {
  const faults = new RandomFaults();
  faults.configure({ seed: 5, rates: { serverError: 0.1, throttle: 0.1, timeout: 0.02 }, limits: { timeout: 3 } });
  const kinds = Array.from({ length: 20_000 }, () => faults.draw()?.kind);
  const share = (kind: string) => kinds.filter((k) => k === kind).length / kinds.length;
  assert.ok(Math.abs(share("serverError") - 0.1) < 0.01, `serverError ${share("serverError")}`);
  assert.ok(Math.abs(share("throttle") - 0.1) < 0.01, `throttle ${share("throttle")}`);
  assert.equal(kinds.filter((k) => k === "timeout").length, 3);
  assert.deepEqual(faults.counts(), {
    serverError: kinds.filter((k) => k === "serverError").length,
    throttle: kinds.filter((k) => k === "throttle").length,
    timeout: 3,
  });
});

test("graph random faults: Graph's 5xx statuses, 429 with Retry-After, a timeout's hang", async () => {
  const faults = new RandomFaults();
  faults.configure({ seed: 2, rates: { serverError: 1 } });
  const statuses = new Set(Array.from({ length: 200 }, () => faults.draw()?.status));
  assert.deepEqual([...statuses].sort(), [500, 502, 503, 504]);
  faults.configure({ seed: 2, rates: { throttle: 1 }, retryAfterSeconds: 3 });
  assert.deepEqual(faults.draw(), { kind: "throttle", status: 429, retryAfterSeconds: 3 });
  faults.configure({ seed: 2, rates: { timeout: 1 }, hangMs: 20 });
  assert.deepEqual(faults.draw(), { kind: "timeout", hangMs: 20 });
  let release: () => void = () => undefined;
  const held = faults.hang(20, () => new Promise<void>((resolve) => (release = resolve)));
  assert.equal(faults.hanging, 1);
  release();
  await held;
  assert.equal(faults.hanging, 0);
  assert.throws(() => faults.configure({ seed: 1, rates: { serverError: 0.6, timeout: 0.6 } }), /more than 1/);
});
