import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BenchRow } from "../../../bench/table";
import { BENCH_COLUMNS, benchCells, formatTable, renderBenchTable } from "../../../bench/table";

const row: BenchRow = {
  users: 1000,
  initialSeconds: 12.34,
  usersPerSecond: 81.04,
  peakRssMb: 180.6,
  noChangeGraphCalls: 4,
  noChangeGraphBudget: 4,
  noChangeSlackCalls: 0,
  noChangeSlackWrites: 0,
  noChangeSeconds: 0.512,
  onePercentSeconds: 1.234,
  onePercentChanged: 10,
  tooManyRequests: 0,
  initialWritesPerMinute: 5012.4,
  peakWritesPer60s: 1030,
  floorSeconds: 326.7,
  floorRatio: undefined,
};

void describe("bench table", () => {
  void it("formats one cell per column", () => {
    const cells = benchCells(row);
    assert.equal(cells.length, BENCH_COLUMNS.length);
    assert.deepEqual(cells, [
      "1,000",
      "12.3",
      "81.0",
      "181",
      "4 (≤ 4)",
      "0 (0)",
      "0.51",
      "1.23 (10)",
      "0",
      "5,012",
      "1,030",
      "326.7",
      "–",
    ]);
    assert.equal(benchCells({ ...row, peakRssMb: undefined, floorRatio: 1.234 }).at(-1), "1.23");
    assert.equal(benchCells({ ...row, peakRssMb: undefined })[3], "n/a");
  });

  void it("pads a Markdown table, numbers to the right", () => {
    assert.equal(
      formatTable(
        ["a", "bbb"],
        [
          ["1", "2"],
          ["333", "4"],
        ],
      ),
      ["| a   | bbb |", "| --: | --: |", "|   1 |   2 |", "| 333 |   4 |"].join("\n"),
    );
    assert.equal(renderBenchTable([row]).split("\n").length, 3);
  });
});
