import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { LoggedRequest } from "../../../bench/slackRequests";
import {
  peakInWindow,
  requestKinds,
  scimPath,
  slackFloorSeconds,
  slackTraffic,
  writeTimeline,
  writesPerBucket,
} from "../../../bench/slackRequests";

const at = (ms: number) => new Date(Date.UTC(2025, 0, 1) + ms).toISOString();
const req = (method: string, path: string, ms = 0, status = 200): LoggedRequest => ({
  method,
  path: `/scim/v2${path}`,
  status,
  time: at(ms),
});
const times = (n: number, r: (i: number) => LoggedRequest) => Array.from({ length: n }, (_, i) => r(i));

void describe("Slack request figures", () => {
  void it("strips the emulator's /scim/v2 prefix only", () => {
    assert.equal(scimPath("/scim/v2/Users/U1"), "/Users/U1");
    assert.equal(scimPath("/scim/v2"), "");
    assert.equal(scimPath("/scim/v2x/Users"), "/scim/v2x/Users");
  });

  void it("counts writes per bucket, leaving out reads and 429s", () => {
    const counts = writesPerBucket([
      req("POST", "/Users", 0, 201),
      req("POST", "/Users", 0, 429),
      req("PATCH", "/Users/U1"),
      req("GET", "/Users?filter=x"),
      req("PATCH", "/Groups/G1"),
      req("DELETE", "/Groups/G1", 0, 204),
    ]);
    assert.deepEqual(counts, {
      orgWrites: 4,
      usersCreate: 1,
      usersUpdate: 1,
      groupsUpdate: 1,
      groupsDelete: 1,
    });
  });

  void it("puts the floor at the slowest bucket: count beyond the burst at the sustained rate", () => {
    // 200 creates: POST /Users allows 20 at once, then 180 a minute → 60 s; org-wide (200 − 180) / 10 → 2 s.
    const creates = times(200, () => req("POST", "/Users", 0, 201));
    assert.deepEqual(slackFloorSeconds(creates), { seconds: 60, bucket: "usersCreate" });
    // 800 group PATCHes: PATCH /Groups (burst 80, 180/min) → 240 s; org-wide (burst 180, 600/min) → 62 s.
    const patches = times(800, () => req("PATCH", "/Groups/G1"));
    assert.deepEqual(slackFloorSeconds(patches), { seconds: 240, bucket: "groupsUpdate" });
    // Within every burst, no floor.
    assert.deepEqual(slackFloorSeconds(times(20, () => req("POST", "/Users", 0, 201))), { seconds: 0 });
    assert.deepEqual(slackFloorSeconds([]), { seconds: 0 });
  });

  void it("lets the org-wide bucket set the floor when writes spread over endpoints", () => {
    // 170 each of POST, PATCH, DELETE /Users: each endpoint (170 − 20) / 3 = 50 s; org-wide (510 − 180) / 10 = 33 s.
    const spread = [
      ...times(170, () => req("POST", "/Users", 0, 201)),
      ...times(170, () => req("PATCH", "/Users/U1")),
      ...times(170, () => req("DELETE", "/Users/U1", 0, 204)),
    ];
    assert.equal(slackFloorSeconds(spread).seconds, 50);
    // 400 each: endpoints (400 − 20) / 3 ≈ 126.7 s; org-wide (1200 − 180) / 10 = 102 s.
    const more = [
      ...times(400, () => req("POST", "/Users", 0, 201)),
      ...times(400, () => req("PATCH", "/Users/U1")),
      ...times(400, () => req("PATCH", "/Groups/G1")),
    ];
    // PATCH /Groups: (400 − 80) / 3 ≈ 106.7; POST and PATCH /Users 126.7; org-wide 102.
    assert.equal(slackFloorSeconds(more).seconds.toFixed(1), "126.7");
  });

  void it("finds the most instants in any window", () => {
    assert.equal(peakInWindow([], 60_000), 0);
    assert.equal(peakInWindow([0, 59_999, 60_000, 60_001], 60_000), 3);
    assert.equal(peakInWindow([5, 1, 3], 60_000), 3);
    assert.equal(peakInWindow([0, 100, 200], 100), 1);
  });

  void it("sums a phase's traffic: reads, writes, 429s, rate and peak", () => {
    const log = [
      ...times(30, (i) => req("POST", "/Users", i * 1000, 201)),
      ...times(90, (i) => req("PATCH", "/Users/U1", 60_000 + i * 100)),
      req("GET", "/Users?filter=x"),
      req("POST", "/Users", 0, 429),
    ];
    assert.deepEqual(slackTraffic(log, 120), {
      reads: 1,
      writes: 120,
      tooManyRequests: 1,
      writesPerMinute: 60,
      peakWritesPer60s: 21 + 90, // the window from the 10th create holds 21 creates and every PATCH
    });
  });

  void it("names the requests by method and endpoint, most frequent first", () => {
    assert.equal(
      requestKinds([
        req("GET", "/Groups/S1"),
        req("PATCH", "/Users/U1"),
        req("GET", "/Groups/S2"),
        req("GET", '/Users?filter=userName eq "a"'),
      ]),
      "GET /Groups/{id} ×2, GET /Users?… ×1, PATCH /Users/{id} ×1",
    );
    assert.equal(requestKinds([]), "");
  });

  void it("shows when each kind of write went out, per step, leaving out reads and 429s", () => {
    const start = Date.UTC(2025, 0, 1);
    const lines = writeTimeline(
      [
        req("POST", "/Users", 1_000, 201),
        req("POST", "/Users", 29_000, 201),
        req("POST", "/Users", 31_000, 201),
        req("POST", "/Users", 31_500, 429),
        req("PATCH", "/Users/U1", 95_000),
        req("GET", "/Users?filter=x", 2_000),
      ],
      start,
      30,
    );
    assert.deepEqual(lines, [
      "POST /Users ×3: +1.0 s … +31.0 s; per 30 s: 2 1",
      "PATCH /Users/{id} ×1: +95.0 s … +95.0 s; per 30 s: 0 0 0 1",
    ]);
    assert.deepEqual(writeTimeline([], start), []);
  });
});
