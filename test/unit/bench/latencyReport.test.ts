import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ChangeKind, TimedChange } from "../../../bench/latency/ExpectedWrite";
import { formatLatencyReport } from "../../../bench/latency/formatLatencyReport";
import type { ChangeArrival } from "../../../bench/latency/matchWrites";

const T = Date.parse("2026-05-01T10:00:00.000Z");
const change = (label: string, kind: ChangeKind): TimedChange => ({
  label,
  kind,
  at: T,
  expect: { kind: "create", userName: label },
});
const arrived = (label: string, kind: ChangeKind, latencyMs: number): ChangeArrival => ({
  change: change(label, kind),
  arrivedAt: T + latencyMs,
  latencyMs,
});

void describe("formatLatencyReport", () => {
  void it("the figures over all changes, then per kind, then each missing change as a failure", () => {
    const lines = formatLatencyReport(
      "spaced",
      [
        arrived("a", "jobTitle", 2000),
        arrived("b", "jobTitle", 4000),
        arrived("c", "disable", 9000),
        { change: change("d", "newUserInGroup") },
      ],
      120_000,
    );
    assert.deepEqual(lines, [
      "spaced: 4 changes, 3 arrived in Slack, 1 missing; p50 4.0 s, p95 9.0 s, max 9.0 s",
      "  jobTitle          2 changes: p50 2.0 s, p95 4.0 s, max 4.0 s",
      "  disable           1 changes: p50 9.0 s, p95 9.0 s, max 9.0 s",
      "  newUserInGroup    1 changes: no change arrived",
      "  FAILED: newUserInGroup d (changed at 2026-05-01T10:00:00.000Z) did not reach Slack within 120.0 s",
    ]);
  });
  void it("nothing arrived", () => {
    const lines = formatLatencyReport("burst", [{ change: change("x", "jobTitle") }], 1000);
    assert.equal(lines[0], "burst: 1 changes, 0 arrived in Slack, 1 missing; no change arrived");
    assert.match(lines[2] ?? "", /^ {2}FAILED: jobTitle x /);
  });
});
