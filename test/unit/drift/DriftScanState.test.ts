/** The drift scan row's transitions, as a table: start, pages in order, the last page, stale and stalled scans. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DriftCounts, DriftScanState, DriftTransition } from "../../../shared/drift/DriftScanState";
import {
  DRIFT_STALLED_MS,
  driftPageDone,
  driftScanDue,
  driftScanStarted,
  isDriftDeclined,
} from "../../../shared/drift/DriftScanState";

const T0 = new Date("2025-03-01T00:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const counts = (n: number): DriftCounts => ({
  usersRead: 1000 * n,
  managed: 10 * n,
  drifted: n,
  findings: 2 * n,
  repairsQueued: n,
  skipped: 0,
});
const start = (scanId: string, ms = 0) => driftScanStarted({ scanId, trigger: "manual", mode: "repair", now: at(ms) });
const page = (scanId: string, pageIndex: number, next: number | undefined, ms = 1000) =>
  driftPageDone({ scanId, pageIndex, counts: counts(1), nextStartIndex: next, now: at(ms) });

function run(state: DriftScanState, ...steps: DriftTransition[]): { state: DriftScanState; declined: string[] } {
  const declined: string[] = [];
  for (const step of steps) {
    const next = step(state);
    if (isDriftDeclined(next)) declined.push(next.declined);
    else state = next;
  }
  return { state, declined };
}

void describe("DriftScanState", () => {
  void it("start → page 0 → page 1 (last): the summary adds the pages up", () => {
    const { state, declined } = run({}, start("s1"), page("s1", 0, 1001), page("s1", 1, undefined, 2000));
    assert.deepEqual(declined, []);
    assert.equal(state.running, undefined);
    assert.deepEqual(state.last, {
      ...counts(2),
      scanId: "s1",
      trigger: "manual",
      mode: "repair",
      startedAt: T0.toISOString(),
      finishedAt: at(2000).toISOString(),
      pagesRead: 2,
    });
  });

  const rows: { name: string; steps: DriftTransition[]; declined: RegExp }[] = [
    {
      name: "a page re-delivered after it was counted",
      steps: [start("s1"), page("s1", 0, 1001), page("s1", 0, 1001)],
      declined: /waits for page 1, not 0/,
    },
    {
      name: "a page of another scan",
      steps: [start("s1"), page("s0", 0, 1001)],
      declined: /drift scan s0 is not running/,
    },
    {
      name: "a page ahead of the cursor",
      steps: [start("s1"), page("s1", 1, 2001)],
      declined: /waits for page 0, not 1/,
    },
    {
      name: "a second start while one makes progress",
      steps: [start("s1"), start("s2", 60_000)],
      declined: /drift scan s1 is running/,
    },
    {
      name: "a page after the scan finished",
      steps: [start("s1"), page("s1", 0, undefined), page("s1", 0, undefined)],
      declined: /s1 is not running/,
    },
  ];
  for (const row of rows) {
    void it(`declines ${row.name}`, () => {
      const { declined } = run({}, ...row.steps);
      assert.equal(declined.length, 1);
      assert.match(declined[0] ?? "", row.declined);
    });
  }

  void it("a stalled scan (no progress for 15 minutes) is replaced by a new start", () => {
    const { state, declined } = run({}, start("s1"), start("s2", DRIFT_STALLED_MS));
    assert.deepEqual(declined, []);
    assert.equal(state.running?.scanId, "s2");
    assert.equal(state.running?.nextPageIndex, 0);
  });

  void it("the last summary survives a new start", () => {
    const { state } = run({}, start("s1"), page("s1", 0, undefined), start("s2", 5000));
    assert.equal(state.last?.scanId, "s1");
    assert.equal(state.running?.scanId, "s2");
  });

  const DAY = 24 * 3_600_000;
  const due: { name: string; state: DriftScanState; now: number; interval: number; want: boolean }[] = [
    { name: "never scanned", state: {}, now: 0, interval: DAY, want: true },
    { name: "on demand only (0)", state: {}, now: 0, interval: 0, want: false },
    {
      name: "last started 23 h ago",
      state: run({}, start("s1"), page("s1", 0, undefined)).state,
      now: DAY - 3_600_000,
      interval: DAY,
      want: false,
    },
    {
      name: "last started 24 h ago",
      state: run({}, start("s1"), page("s1", 0, undefined)).state,
      now: DAY,
      interval: DAY,
      want: true,
    },
    { name: "one running", state: run({}, start("s1")).state, now: 60_000, interval: 60_000, want: false },
    { name: "one stalled", state: run({}, start("s1")).state, now: DRIFT_STALLED_MS, interval: DAY, want: true },
  ];
  for (const row of due) {
    void it(`due: ${row.name} → ${row.want}`, () => {
      assert.equal(driftScanDue(row.state, at(row.now), row.interval), row.want);
    });
  }
});
