/** Without a connection string, createTelemetry is the no-op and the SDK is never loaded (no network, no ~1 s load). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { createTelemetry } from "../../../shared/telemetry/createTelemetry";
import { noopTelemetry } from "../../../shared/telemetry/Telemetry";

function sdkLoaded(): boolean {
  return Object.keys(require.cache).some((k) => /[\\/]node_modules[\\/]applicationinsights[\\/]/.test(k));
}

void describe("createTelemetry without a connection string", () => {
  void test("returns the no-op and does not load applicationinsights", async () => {
    assert.equal(sdkLoaded(), false, "precondition: nothing in this process loaded the SDK yet");
    const logs: string[] = [];
    const logger = {
      info: (m: string) => logs.push(m),
      warn: (m: string) => logs.push(m),
      error: (m: string) => logs.push(m),
    };
    for (const env of [
      {},
      { APPLICATIONINSIGHTS_CONNECTION_STRING: "" },
      { APPLICATIONINSIGHTS_CONNECTION_STRING: "   " },
    ]) {
      const telemetry = createTelemetry(env, logger);
      assert.equal(telemetry, noopTelemetry);
      telemetry.trackMetric("Backlog", 1);
      await telemetry.flush();
    }
    assert.equal(sdkLoaded(), false, "applicationinsights was loaded");
    assert.deepEqual(logs, []);
  });

  void test("defaults to process.env", () => {
    const saved = process.env.APPLICATIONINSIGHTS_CONNECTION_STRING;
    delete process.env.APPLICATIONINSIGHTS_CONNECTION_STRING;
    try {
      assert.equal(createTelemetry(), noopTelemetry);
      assert.equal(sdkLoaded(), false);
    } finally {
      if (saved !== undefined) process.env.APPLICATIONINSIGHTS_CONNECTION_STRING = saved;
    }
  });
});
