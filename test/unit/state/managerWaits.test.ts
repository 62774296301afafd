import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ManagerWaits } from "../../../shared/state/managerWaits";
import { addWaitingReport, MAX_WAITING_REPORTS, parseManagerWaits } from "../../../shared/state/managerWaits";

const full: ManagerWaits = { reports: Array.from({ length: MAX_WAITING_REPORTS }, (_, i) => `r${i}`) };

void describe("managerWaits", () => {
  const cases: { name: string; waits: ManagerWaits; report: string; expected: ManagerWaits | "declined" }[] = [
    { name: "first report", waits: { reports: [] }, report: "a", expected: { reports: ["a"] } },
    { name: "another report", waits: { reports: ["a"] }, report: "b", expected: { reports: ["a", "b"] } },
    { name: "already waiting", waits: { reports: ["a", "b"] }, report: "a", expected: "declined" },
    { name: "full list overflows", waits: full, report: "new", expected: { reports: full.reports, overflow: true } },
    { name: "overflowed list takes nobody", waits: { reports: [], overflow: true }, report: "a", expected: "declined" },
  ];
  for (const c of cases) {
    void it(`addWaitingReport: ${c.name}`, () => {
      const next = addWaitingReport(c.waits, c.report);
      if (c.expected === "declined") assert.ok("declined" in next);
      else assert.deepEqual(next, c.expected);
    });
  }

  void it("parseManagerWaits reads what was written and takes anything malformed as an overflow (never loses a report)", () => {
    assert.deepEqual(parseManagerWaits(JSON.stringify({ reports: ["a"] })), { reports: ["a"] });
    assert.deepEqual(parseManagerWaits(JSON.stringify({ reports: ["a"], overflow: true })), {
      reports: ["a"],
      overflow: true,
    });
    for (const bad of ["{", "null", JSON.stringify({ reports: [1] }), JSON.stringify({}), undefined]) {
      assert.deepEqual(parseManagerWaits(bad), { reports: [], overflow: true }, String(bad));
    }
  });
});
