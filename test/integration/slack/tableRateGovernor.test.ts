import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { ThrottledError } from "../../../shared/errors";
import type { GovernorLimits, SlackBucket } from "../../../shared/slack/slackRateLimits";
import { SLACK_DOCUMENTED_LIMITS } from "../../../shared/slack/slackRateLimits";
import { TableRateGovernor } from "../../../shared/slack/TableRateGovernor";
import type { TableProvider } from "../../../shared/state/TableProvider";
import { azuriteTables } from "../../support/azuriteTables";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

/** orgWrites: 3,000/min = one per 20 ms, burst 4. */
const LIMITS: GovernorLimits = { ...SLACK_DOCUMENTED_LIMITS, orgWrites: { perMinute: 3000, burst: 4 } };

/** Whether send times conform to a token bucket of `burst` refilled at `perMinute` (never below zero tokens). */
function conforms(sent: number[], perMinute: number, burst: number): boolean {
  const interval = 60_000 / perMinute;
  const sorted = [...sent].sort((a, b) => a - b);
  let tokens = burst;
  let last = sorted[0] ?? 0;
  for (const at of sorted) {
    tokens = Math.min(burst, tokens + (at - last) / interval);
    last = at;
    tokens -= 1;
    if (tokens < -1e-6) return false;
  }
  return true;
}

void describe("TableRateGovernor against Azurite", () => {
  let tables: TableProvider;
  before(async () => {
    const { connectionString } = await azurite.ready();
    tables = azuriteTables(connectionString);
  });

  const governor = (partitionKey: string, sent: number[], maxWaitMs = 30_000, limits = LIMITS) =>
    new TableRateGovernor(() => tables.table("RateGovernorTest"), {
      partitionKey,
      limits,
      maxWaitMs,
      onReservation: (_b, at) => sent.push(at),
    });

  void it("three instances racing for one bucket never take the same token: together they keep the limit", async () => {
    const sent: number[] = [];
    const instances = [governor("race", sent), governor("race", sent), governor("race", sent)];
    const started = Date.now();
    await Promise.all(
      instances.flatMap((g) => Array.from({ length: 20 }, () => g.acquire(["orgWrites"] as SlackBucket[]))),
    );
    assert.equal(sent.length, 60, "every request got its own send time");
    assert.ok(conforms(sent, 3000, 4), "the 60 send times fit one bucket of 3,000/min, burst 4");
    // 60 requests at one per 20 ms after a burst of 4 cannot all have gone before 56 intervals passed.
    assert.ok(Date.now() - started >= 56 * 20 - 5);
  });

  void it("a Retry-After seen by one instance holds back the others", async () => {
    const sent: number[] = [];
    const [a, b] = [governor("pause", sent), governor("pause", sent)];
    const before = Date.now();
    await a.pause(400);
    await b.acquire(["orgReads"]);
    assert.ok((sent[0] ?? 0) >= before + 400, `reserved at +${(sent[0] ?? 0) - before} ms`);
  });

  void it("a request that would wait beyond the budget is given back to the queue (ThrottledError)", async () => {
    const sent: number[] = [];
    // One write a second, burst 4: the burst goes at once, the fifth would wait about a second, far beyond
    // the 50 ms budget however slowly the storage answers (a faster bucket made this depend on Azurite's speed).
    const slow: GovernorLimits = { ...LIMITS, orgWrites: { perMinute: 60, burst: 4 } };
    const g = governor("budget", sent, 50, slow);
    await Promise.all(Array.from({ length: 4 }, () => g.acquire(["orgWrites"])));
    assert.equal(sent.length, 4, "the burst was granted");
    await assert.rejects(g.acquire(["orgWrites"]), (e) => e instanceof ThrottledError);
    assert.equal(sent.length, 4, "nothing was reserved for the refused request");
  });
});
