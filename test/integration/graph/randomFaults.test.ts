/**
 * The Graph emulator's random faults over HTTP: API requests get them (the token endpoint does not), through the
 * in-process and the HTTP admin API, with counters.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GraphEmulatorAdminClient, startGraphEmulator } from "../../../dev/graph-emulator";
import type { GraphEmulator } from "../../../dev/graph-emulator";
import { emulatorToken, graphGet } from "./graphTestSupport";

void describe("Graph emulator random faults", () => {
  let emu: GraphEmulator;

  before(async () => {
    emu = await startGraphEmulator();
    emu.directory.createUser({ userPrincipalName: "ada@contoso.example", accountEnabled: true });
  });
  after(() => emu.close());

  void it("answers API requests with 5xx or 429 at the configured rate and spares the token endpoint", async () => {
    emu.directory.setRandomFaults({ seed: 11, rates: { serverError: 1 } });
    const token = await emulatorToken(emu);
    const failed = await graphGet(`${emu.url}/v1.0/users/delta`, token);
    assert.ok([500, 502, 503, 504].includes(failed.status), `status ${failed.status}`);
    assert.equal(typeof (failed.body as { error?: { code?: unknown } }).error?.code, "string", "Graph's error body");

    const admin = new GraphEmulatorAdminClient(emu.url);
    await admin.setRandomFaults({ seed: 11, rates: { throttle: 1 }, retryAfterSeconds: 2 });
    const throttled = await fetch(`${emu.url}/v1.0/users/delta`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get("retry-after"), "2");

    await admin.setRandomFaults({ seed: 11, rates: { timeout: 1 }, hangMs: 50 });
    const started = Date.now();
    const slow = await graphGet(`${emu.url}/v1.0/users/delta`, token);
    assert.equal(slow.status, 200, "answered as usual once held");
    assert.ok(Date.now() - started >= 45);
    assert.deepEqual(await admin.randomFaultCounts(), { serverError: 0, throttle: 0, timeout: 1, hanging: 0 });

    await admin.setRandomFaults(undefined);
    assert.equal((await graphGet(`${emu.url}/v1.0/users/delta`, token)).status, 200);
  });
});
