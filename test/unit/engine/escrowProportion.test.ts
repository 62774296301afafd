/**
 * The escrow-proportion rule as pure decisions: a converged cycle's counts → a quarantine strike or not (at least
 * ESCROW_PROPORTION_MINIMUM escrowed, and strictly more than half of the attempted objects), and how the counts are taken
 * from the cycle's activity records (distinct users and groups; job records are not objects).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CycleEscrowTally } from "../../../shared/engine/escrowProportion";
import {
  ESCROW_PROPORTION_MINIMUM,
  ESCROW_PROPORTION_THRESHOLD,
  escrowProportionVerdict,
  tallyCycleEscrows,
} from "../../../shared/engine/escrowProportion";
import type { ActivityRecord } from "../../../shared/state/ActivityRecord";

const tally = (attempted: number, escrowed: number, escrowedByCode: Record<string, number> = {}): CycleEscrowTally => ({
  attempted,
  escrowed,
  escrowedByCode: Object.keys(escrowedByCode).length ? escrowedByCode : escrowed ? { SlackUnavailable: escrowed } : {},
});

void describe("escrowProportionVerdict", () => {
  void it("uses the documented rule: at least 10 escrowed, more than half", () => {
    assert.equal(ESCROW_PROPORTION_MINIMUM, 10);
    assert.equal(ESCROW_PROPORTION_THRESHOLD, 0.5);
  });

  const rows: { name: string; tally: CycleEscrowTally; strike: boolean }[] = [
    { name: "nothing attempted", tally: tally(0, 0), strike: false },
    { name: "nothing escrowed", tally: tally(500, 0), strike: false },
    { name: "one bad object in a small cycle (100%, below the minimum)", tally: tally(1, 1), strike: false },
    { name: "9 of 9 escrowed: below the minimum", tally: tally(9, 9), strike: false },
    { name: "10 of 10 escrowed: at the minimum, all", tally: tally(10, 10), strike: true },
    { name: "12 of 12 escrowed", tally: tally(12, 12), strike: true },
    { name: "10 of 19 escrowed: more than half", tally: tally(19, 10), strike: true },
    { name: "10 of 20 escrowed: exactly half is not more than half", tally: tally(20, 10), strike: false },
    { name: "11 of 20 escrowed", tally: tally(20, 11), strike: true },
    { name: "400 of 1,000 escrowed: many, but not most", tally: tally(1_000, 400), strike: false },
    { name: "501 of 1,000 escrowed", tally: tally(1_000, 501), strike: true },
    { name: "inconsistent counts (escrowed > attempted) still strike", tally: tally(3, 12), strike: true },
  ];
  for (const row of rows) {
    void it(`${row.name}: ${row.strike ? "strike" : "no strike"}`, () => {
      assert.equal(escrowProportionVerdict("c1", row.tally).strike, row.strike);
    });
  }

  void it("names the cycle, the counts, the rule and the most common error code (ties: alphabetical)", () => {
    const v = escrowProportionVerdict("c7", tally(16, 12, { SlackUnavailable: 5, ScimConflict: 2, GraphThrottled: 5 }));
    assert.ok(v.strike);
    assert.equal(v.commonCode, "GraphThrottled");
    assert.equal(
      v.detail,
      "Cycle c7 escrowed 12 of the 16 users and groups it attempted (75%; the job is quarantined when more than 50% " +
        "and at least 10 are escrowed). The most common error was GraphThrottled (5 of them).",
    );
  });
});

let n = 0;
function record(
  objectType: ActivityRecord["objectType"],
  objectId: string,
  extra: Partial<ActivityRecord> = {},
): ActivityRecord {
  n++;
  return {
    jobId: "job-1",
    cycleId: "c1",
    changeId: `ch-${n}`,
    at: `2026-01-01T10:00:${String(n).padStart(2, "0")}.000Z`,
    objectType,
    objectId,
    action: "Create",
    status: "Success",
    reason: "r",
    steps: [],
    modifiedProperties: [],
    ...extra,
  };
}
const escrow = (objectType: "User" | "Group", objectId: string, errorCode?: string) =>
  record(objectType, objectId, {
    action: "Other",
    status: "Failure",
    escrowed: true,
    ...(errorCode ? { errorCode } : {}),
  });

void describe("tallyCycleEscrows", () => {
  const rows: { name: string; records: ActivityRecord[]; expect: CycleEscrowTally }[] = [
    { name: "no records", records: [], expect: { attempted: 0, escrowed: 0, escrowedByCode: {} } },
    {
      name: "job records are not objects",
      records: [record("Job", "job-1", { status: "Failure", errorCode: "X" })],
      expect: { attempted: 0, escrowed: 0, escrowedByCode: {} },
    },
    {
      name: "users and groups count once each, whatever their number of records",
      records: [record("User", "u1"), record("User", "u1"), record("User", "u2"), record("Group", "u1")],
      expect: { attempted: 3, escrowed: 0, escrowedByCode: {} },
    },
    {
      name: "a failure that was not an escrow is attempted, not escrowed",
      records: [record("User", "u1", { status: "Failure", action: "Other", errorCode: "ScimConflict" })],
      expect: { attempted: 1, escrowed: 0, escrowedByCode: {} },
    },
    {
      name: "escrowed users and groups, by the code of their latest escrow",
      records: [
        record("User", "u1"),
        escrow("User", "u2", "SlackUnavailable"),
        escrow("User", "u3", "SlackUnavailable"),
        escrow("User", "u3", "PoisonMessage"),
        escrow("Group", "g1"),
      ],
      expect: { attempted: 4, escrowed: 3, escrowedByCode: { SlackUnavailable: 1, PoisonMessage: 1, Unknown: 1 } },
    },
  ];
  for (const row of rows) {
    void it(row.name, () => assert.deepEqual(tallyCycleEscrows(row.records), row.expect));
  }
});
