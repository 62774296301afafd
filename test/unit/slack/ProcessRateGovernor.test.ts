import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ThrottledError } from "../../../shared/errors";
import { ProcessRateGovernor } from "../../../shared/slack/ProcessRateGovernor";
import { SLACK_DOCUMENTED_LIMITS } from "../../../shared/slack/slackRateLimits";

void describe("ProcessRateGovernor", () => {
  const limits = { ...SLACK_DOCUMENTED_LIMITS, orgWrites: { perMinute: 600, burst: 2 } };

  void it("waits for each request's turn and honours a pause", async () => {
    let now = 0;
    const waits: number[] = [];
    const g = new ProcessRateGovernor(
      limits,
      10_000,
      () => now,
      (ms) => {
        waits.push(ms);
        now += ms;
        return Promise.resolve();
      },
    );
    for (let i = 0; i < 4; i++) await g.acquire(["orgWrites"]);
    assert.deepEqual(waits, [100, 100]);
    await g.pause(3000);
    await g.acquire(["orgReads"]);
    assert.deepEqual(waits, [100, 100, 3000]);
  });

  void it("gives the work back (ThrottledError) rather than wait beyond its budget", async () => {
    const g = new ProcessRateGovernor(
      limits,
      150,
      () => 0,
      () => Promise.resolve(),
    );
    await g.acquire(["orgWrites"]);
    await g.acquire(["orgWrites"]);
    await g.acquire(["orgWrites"]); // at 100 ms
    await assert.rejects(g.acquire(["orgWrites"]), (e) => e instanceof ThrottledError && e.retryAfterMs === 200);
  });
});
