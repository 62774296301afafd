import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { GovernorState } from "../../../shared/slack/gcra";
import { pauseUntil, reserveMany } from "../../../shared/slack/gcra";
import type { GovernorLimits, SlackBucket } from "../../../shared/slack/slackRateLimits";
import { SLACK_DOCUMENTED_LIMITS, bucketsFor, governorLimits } from "../../../shared/slack/slackRateLimits";

const LIMITS: GovernorLimits = {
  ...SLACK_DOCUMENTED_LIMITS,
  orgWrites: { perMinute: 600, burst: 3 },
  usersCreate: { perMinute: 60, burst: 2 },
};
const EMPTY: GovernorState = { tats: {}, notBefore: 0 };
const T0 = 1_000_000;

const times = (state: GovernorState, requests: SlackBucket[][], now = T0, maxWaitMs = 60_000) =>
  reserveMany(state, LIMITS, requests, now, maxWaitMs).reservations.map((r) =>
    "at" in r ? r.at - now : `>${Math.round(r.tooLongMs)}`,
  );

void describe("reserveMany (GCRA)", () => {
  void it("lets a full bucket's burst go at once, then one per interval", () => {
    // orgWrites: 600/min = one per 100 ms, burst 3.
    assert.deepEqual(
      times(EMPTY, [["orgWrites"], ["orgWrites"], ["orgWrites"], ["orgWrites"], ["orgWrites"]]),
      [0, 0, 0, 100, 200],
    );
  });
  void it("waits for the slowest of a request's buckets", () => {
    // usersCreate: 60/min = one per second, burst 2; orgWrites still has tokens.
    const c: SlackBucket[] = ["orgWrites", "usersCreate"];
    assert.deepEqual(times(EMPTY, [c, c, c, c]), [0, 0, 1000, 2000]);
  });
  void it("refills with time: a bucket idle for its burst's worth is full again", () => {
    const { state } = reserveMany(EMPTY, LIMITS, [["orgWrites"], ["orgWrites"], ["orgWrites"]], T0, 60_000);
    assert.deepEqual(times(state, [["orgWrites"]], T0), [100]);
    assert.deepEqual(
      times(state, [["orgWrites"], ["orgWrites"], ["orgWrites"], ["orgWrites"]], T0 + 300),
      [0, 0, 0, 100],
    );
  });
  void it("a pause (Retry-After) holds every request until it ends, and a shorter pause never shortens it", () => {
    const paused = pauseUntil(pauseUntil(EMPTY, T0 + 5000), T0 + 1000);
    assert.deepEqual(times(paused, [["orgReads"], ["orgWrites"]]), [5000, 5000]);
  });
  void it("a request that would wait beyond the budget reserves nothing", () => {
    const c: SlackBucket[] = ["orgWrites", "usersCreate"];
    const r = reserveMany(EMPTY, LIMITS, [c, c, c, c], T0, 1500);
    assert.deepEqual(
      r.reservations.map((x) => ("at" in x ? x.at - T0 : "too long")),
      [0, 0, 1000, "too long"],
    );
    assert.equal(r.state.tats.usersCreate, T0 + 3000, "the refused request took no token");
  });
  void it("never lets more through than the bucket allows in any window (property)", () => {
    fc.assert(
      fc.property(
        fc.record({ perMinute: fc.integer({ min: 1, max: 6000 }), burst: fc.integer({ min: 1, max: 200 }) }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 20 })), { maxLength: 40 }),
        (limit, arrivals) => {
          const limits = { ...SLACK_DOCUMENTED_LIMITS, orgReads: limit };
          let state = EMPTY;
          let now = T0;
          const sent: number[] = [];
          for (const [gap, n] of arrivals) {
            now += gap;
            const r = reserveMany(
              state,
              limits,
              Array.from({ length: n }, () => ["orgReads"] as SlackBucket[]),
              now,
              Infinity,
            );
            state = r.state;
            for (const x of r.reservations) if ("at" in x) sent.push(x.at);
          }
          // A token bucket of `burst` refilled at perMinute never goes below zero.
          const interval = 60_000 / limit.perMinute;
          let tokens = limit.burst;
          let last = sent[0] ?? T0;
          for (const at of sent.sort((a, b) => a - b)) {
            tokens = Math.min(limit.burst, tokens + (at - last) / interval);
            last = at;
            tokens -= 1;
            if (tokens < -1e-6) return false;
          }
          return true;
        },
      ),
    );
  });
});

void describe("governorLimits", () => {
  void it("the default ceilings: org-wide at the ceiling with the proportional burst, endpoints at Slack's limits", () => {
    const l = governorLimits(150, 600);
    assert.deepEqual(l.orgWrites, { perMinute: 150, burst: 43 });
    assert.deepEqual(l.usersCreate, { perMinute: 150, burst: 14 }, "never above the write ceiling");
    assert.deepEqual(l.orgReads, { perMinute: 600, burst: 598 });
    assert.deepEqual(l.usersGetOne, { perMinute: 300, burst: 298 });
  });
  void it("at Slack's own org limit: every documented endpoint limit, two tokens spare for latency", () => {
    const l = governorLimits(600, 1000);
    assert.deepEqual(l.orgWrites, { perMinute: 600, burst: 178 });
    assert.deepEqual(l.usersCreate, { perMinute: 180, burst: 18 });
    assert.deepEqual(l.groupsUpdate, { perMinute: 180, burst: 78 });
  });
  void it("a ceiling above Slack's org limit (another SCIM server, the emulator without limits) scales the endpoints", () => {
    assert.deepEqual(governorLimits(6000, 6000).usersCreate, { perMinute: 1800, burst: 198 });
  });
});

void describe("bucketsFor", () => {
  const cases: [string, string, SlackBucket[]][] = [
    ["GET", "/Users?filter=userName%20eq%20%22a%22", ["orgReads"]],
    ["GET", "/Users?startIndex=1&count=1000", ["orgReads"]],
    ["GET", "/Users/U1", ["orgReads", "usersGetOne"]],
    ["GET", "/Groups/S1?attributes=members", ["orgReads", "groupsGetOne"]],
    ["POST", "/Users", ["orgWrites", "usersCreate"]],
    ["PATCH", "/Users/U1", ["orgWrites", "usersUpdate"]],
    ["PUT", "/Groups/S1", ["orgWrites", "groupsUpdate"]],
    ["DELETE", "/Users/U1", ["orgWrites", "usersDelete"]],
    ["POST", "/Groups", ["orgWrites", "groupsCreate"]],
    ["DELETE", "/Groups/S1", ["orgWrites", "groupsDelete"]],
  ];
  for (const [method, path, want] of cases) {
    void it(`${method} ${path}`, () => assert.deepEqual(bucketsFor(method, path), want));
  }
});
