/** The cycle history: one summary per cycle, written once, read newest first and bounded. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cycleSummary } from "../../../../shared/engine/cycleSummary";
import type { CycleReport } from "../../../../shared/engine/CycleStatus";
import { CycleHistory } from "../../../../shared/state/cycles/CycleHistory";
import { InMemoryRowTable } from "../../../support/memory/InMemoryRowTable";

const report = (cycleId: string, startedAt: string, creates: number): CycleReport => ({
  jobId: "j",
  cycleId,
  phase: "committed",
  full: false,
  startedAt,
  pagesRead: 1,
  objectsRead: 10,
  backlog: 0,
  converged: true,
  durationSeconds: 30,
  counts: { byAction: { Create: creates }, byStatus: { Success: creates }, total: creates },
  groupCounts: { byAction: {}, byStatus: {}, total: 0 },
  rejected: [],
  rejectedTotal: 0,
  paused: false,
  escrowed: { entries: [], more: false },
  removals: { staged: 0 },
});

void describe("cycle history", () => {
  void it("summarises a report: trigger, finish from the duration, counts", () => {
    const s = cycleSummary(report("c1", "2025-01-15T10:00:00.000Z", 3), "manual");
    assert.equal(s?.trigger, "manual");
    assert.equal(s?.finishedAt, "2025-01-15T10:00:30.000Z");
    assert.equal(s?.counts.byAction.Create, 3);
    assert.equal(cycleSummary({ ...report("c", "x", 0), startedAt: undefined }, "timer"), undefined);
  });

  void it("lists newest first, at most the limit; a second write of a cycle keeps the first", async () => {
    const history = new CycleHistory(new InMemoryRowTable().source);
    for (let i = 0; i < 4; i++) {
      const s = cycleSummary(report(`c${i}`, `2025-01-15T1${i}:00:00.000Z`, i), "timer");
      assert.ok(s);
      await history.record(s);
    }
    const again = cycleSummary(report("c3", "2025-01-15T13:00:00.000Z", 99), "timer");
    assert.ok(again);
    await history.record(again);
    const listed = await history.list("j", 3);
    assert.deepEqual(
      listed.map((s) => [s.cycleId, s.counts.total]),
      [
        ["c3", 3],
        ["c2", 2],
        ["c1", 1],
      ],
    );
  });
});
