import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PacingBucket } from "../../../shared/slack/PacingBucket";

void describe("PacingBucket", () => {
  void it("lets the burst through at once, then spaces callers at the rate", async () => {
    const bucket = new PacingBucket(1200, 2); // 20/s → 50 ms apart after the burst
    const started = performance.now();
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 5 }, () => bucket.take().then(() => done.push(performance.now() - started))),
    );
    done.sort((a, b) => a - b);
    assert.ok((done[1] ?? Infinity) < 40, `burst took ${done[1]} ms`);
    assert.ok((done[4] ?? 0) >= 140, `fifth came after ${done[4]} ms`);
  });

  void it("pauseFor holds every caller back", async () => {
    const bucket = new PacingBucket(60_000, 10);
    bucket.pauseFor(80);
    const started = performance.now();
    await bucket.take();
    assert.ok(performance.now() - started >= 75);
  });
});
