import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpRetryBudget } from "../../../shared/retry/HttpRetryBudget";
import type { HttpRetryOptions } from "../../../shared/retry/HttpRetryOptions";

const options: HttpRetryOptions = {
  requestTimeoutMs: 30_000,
  maxTransientAttempts: 3,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
  jitter: 0,
  random: () => 0,
  maxThrottleRetries: 3,
  maxThrottleWaitMs: 10_000,
  throttleBackoffBaseMs: 1_000,
};

void describe("HttpRetryBudget: one call's in-process retries, shared by the Slack and Graph adapters", () => {
  const throttleCases: { name: string; answers: (number | undefined)[]; expect: [number, boolean][] }[] = [
    {
      name: "Retry-After is waited while the count and the total allow it",
      answers: [2_000, 3_000, 4_000, 1_000],
      expect: [
        [2_000, true],
        [3_000, true],
        [4_000, true],
        [1_000, false], // a fourth throttle: more than maxThrottleRetries
      ],
    },
    {
      name: "an answer that would take the total past maxThrottleWaitMs is not waited for",
      answers: [6_000, 5_000],
      expect: [
        [6_000, true],
        [5_000, false],
      ],
    },
    {
      name: "one long Retry-After is given up at once (the queue waits instead)",
      answers: [120_000],
      expect: [[120_000, false]],
    },
    {
      name: "without Retry-After the wait grows from throttleBackoffBaseMs",
      answers: [undefined, undefined, undefined],
      expect: [
        [1_000, true],
        [2_000, true],
        [4_000, true],
      ],
    },
  ];
  for (const c of throttleCases) {
    void it(c.name, () => {
      const budget = new HttpRetryBudget(options);
      assert.deepEqual(
        c.answers.map((a) => {
          const d = budget.throttled(a);
          return [d.waitMs, d.retry];
        }),
        c.expect,
      );
    });
  }

  void it("transient failures back off, then give up after maxTransientAttempts attempts", () => {
    const budget = new HttpRetryBudget(options);
    assert.deepEqual([budget.failed(true), budget.failed(true), budget.failed(true)], [500, 1_000, undefined]);
    assert.equal(budget.failures, 3);
  });

  void it("a request that is not idempotent is never repeated after a failure (it may have been applied)", () => {
    const budget = new HttpRetryBudget(options);
    assert.equal(budget.failed(false), undefined);
    assert.equal(budget.failures, 1);
  });

  void it("jitter takes a random share off each backoff step", () => {
    const budget = new HttpRetryBudget({ ...options, jitter: 0.5, random: () => 0 });
    assert.equal(budget.failed(true), 250);
  });
});
