import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PacingBucket } from "../../../shared/slack/PacingBucket";

void describe("PacingBucket", () => {
  /** A bucket on a clock that stands still, recording each caller's wait instead of sleeping. */
  function recorded(perMinute: number, burst: number) {
    let now = 0;
    const waits: number[] = [];
    const bucket = new PacingBucket(
      perMinute,
      burst,
      () => now,
      (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    );
    return { bucket, waits, advance: (ms: number) => (now += ms) };
  }

  void it("lets the burst through at once, then spaces callers at the rate", async () => {
    const { bucket, waits } = recorded(1200, 2); // 20/s → 50 ms apart after the burst
    for (let i = 0; i < 5; i++) await bucket.take();
    assert.deepEqual(waits, [50, 100, 150], "the first two pass without waiting; the others 50 ms apart");
  });

  void it("tokens come back with time", async () => {
    const { bucket, waits, advance } = recorded(1200, 2);
    await bucket.take();
    await bucket.take();
    advance(100); // two tokens earned back
    await bucket.take();
    await bucket.take();
    assert.deepEqual(waits, []);
  });

  void it("pauseFor holds every caller back", async () => {
    const { bucket, waits } = recorded(60_000, 10);
    bucket.pauseFor(80);
    await bucket.take();
    await bucket.take();
    assert.deepEqual(waits, [80, 80]);
  });

  void it("really waits with the default timer", async () => {
    const bucket = new PacingBucket(60_000, 10);
    bucket.pauseFor(30);
    const started = performance.now();
    await bucket.take();
    assert.ok(performance.now() - started >= 25);
  });
});
