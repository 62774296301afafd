/** The engine reports every change and its cycle metrics through the Telemetry seam (captured here, no SDK). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ActivityRecord } from "../../../shared/state/ActivityRecord";
import type { Telemetry } from "../../../shared/telemetry/Telemetry";
import { METRICS } from "../../../shared/telemetry/telemetryNames";
import { EngineHarness } from "../../support/EngineHarness";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

class CapturingTelemetry implements Telemetry {
  readonly changes: ActivityRecord[] = [];
  readonly metrics: { name: string; value: number; properties?: Record<string, string> }[] = [];
  trackChange(record: ActivityRecord): void {
    this.changes.push(record);
  }
  trackMetric(name: string, value: number, properties?: Record<string, string>): void {
    this.metrics.push({ name, value, ...(properties ? { properties } : {}) });
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
}

void describe("telemetry wiring", () => {
  void it("tracks one change per activity record, 429s, backlog and the converged cycle's duration", async () => {
    const { connectionString } = await azurite.ready();
    const telemetry = new CapturingTelemetry();
    const h = await new EngineHarness({ connectionString, customize: (ctx) => ({ ...ctx, telemetry }) }).start();
    azurite.beforeStop(() => h.stop());
    h.addUser("tel.one@contoso.example");
    h.addUser("tel.two@contoso.example");
    h.slack.store.injectFault({ method: "POST", pathContains: "/Users", retryAfterSeconds: 1, times: 1 });
    const first = await h.runCycle();
    assert.deepEqual(telemetry.changes.map((c) => c.action).sort(), ["Create", "Create"]);
    assert.ok(
      telemetry.metrics.some((m) => m.name === METRICS.slackThrottled && m.value >= 1),
      "the 429 was reported",
    );
    await h.runCycle();
    const duration = telemetry.metrics.find((m) => m.name === METRICS.cycleDurationSeconds);
    assert.equal(duration?.properties?.cycleId, first.cycleId);
    assert.ok((duration?.value ?? -1) >= 0);
    assert.ok(telemetry.metrics.some((m) => m.name === METRICS.backlog && m.value === 0));
    assert.equal(telemetry.metrics.filter((m) => m.name === METRICS.cycleDurationSeconds).length, 1, "reported once");
  });
});
