import assert from "node:assert/strict";
import { test } from "node:test";
import { backoffDelay } from "../../../shared/retry/backoffDelay";

void test("backoffDelay: doubles from the base, capped, no jitter", () => {
  const b = { baseMs: 2_000, maxMs: 600_000, jitter: 0 };
  assert.deepEqual(
    [1, 2, 3, 4, 9, 10, 1000].map((a) => backoffDelay(a, b)),
    [2_000, 4_000, 8_000, 16_000, 512_000, 600_000, 600_000],
  );
});

void test("backoffDelay: jitter takes up to its share off the top of the step", () => {
  const b = (random: number) => ({ baseMs: 500, maxMs: 8_000, jitter: 0.5, random: () => random });
  assert.equal(backoffDelay(1, b(0)), 250);
  assert.equal(backoffDelay(1, b(0.5)), 375);
  assert.equal(backoffDelay(3, b(0.999999)), 2_000);
  assert.equal(backoffDelay(10, b(0)), 4_000);
});
