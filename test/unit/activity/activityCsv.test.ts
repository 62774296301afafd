import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  ACTIVITY_CSV_COLUMNS,
  activityCsvChunks,
  activityCsvHeader,
  activityCsvRow,
} from "../../../shared/activity/activityCsv";
import type { ActivityRecord } from "../../../shared/state/ActivityRecord";
import { activityRecord } from "../../support/memory/activityRecord";
import { parseCsv } from "../../support/parseCsv";

async function* from(records: readonly ActivityRecord[], read: { count: number }): AsyncGenerator<ActivityRecord> {
  for (const r of records) {
    read.count++;
    yield await Promise.resolve(r);
  }
}

async function exported(records: readonly ActivityRecord[], maxRows: number) {
  const read = { count: 0 };
  let text = "";
  for await (const chunk of activityCsvChunks(from(records, read), maxRows)) text += chunk;
  return { text, read: read.count };
}

const cell = (row: readonly string[] | undefined, header: string): string | undefined =>
  row?.[ACTIVITY_CSV_COLUMNS.findIndex((c) => c.header === header)];

void describe("activity CSV export", () => {
  void it("has Entra's provisioning-log columns that apply here, in its vocabulary", () => {
    assert.deepEqual(parseCsv(activityCsvHeader())[0], [
      "Date (UTC)",
      "Job ID",
      "Cycle ID",
      "Change ID",
      "Action",
      "Status",
      "Status reason",
      "Error code",
      "Error description",
      "Object type",
      "Source system",
      "Source identity",
      "Source ID",
      "Target system",
      "Target ID",
      "Initiated by",
      "Duration (ms)",
      "Modified properties",
      "Provisioning steps",
      "Members added",
      "Members removed",
    ]);
  });

  void it("writes one record: steps and modified properties one per line, on-demand runs name who asked", () => {
    const record = activityRecord({
      slackId: "U123",
      action: "Update",
      status: "Failure",
      reason: 'Slack refused: "=1+1", retry',
      errorCode: "invalid_value",
      errorMessage: "bad",
      durationMs: 42,
      trigger: "onDemand",
      requestedBy: "ops@contoso.example",
      modifiedProperties: [
        { name: "title", oldValue: "Engineer", newValue: "Lead, Platform" },
        { name: "name.givenName", oldValue: null, newValue: "Ann" },
      ],
      steps: [
        { name: "import", status: "Success", detail: "Read from Graph." },
        { name: "action", status: "Failure", detail: "PATCH U123: 400" },
      ],
    });
    const [row] = parseCsv(activityCsvRow(record));
    assert.equal(row?.length, ACTIVITY_CSV_COLUMNS.length);
    assert.equal(cell(row, "Date (UTC)"), record.at);
    assert.equal(cell(row, "Status reason"), 'Slack refused: "=1+1", retry');
    assert.equal(cell(row, "Target ID"), "U123");
    assert.equal(cell(row, "Source system"), "Microsoft Entra ID");
    assert.equal(cell(row, "Initiated by"), "on demand: ops@contoso.example");
    assert.equal(cell(row, "Duration (ms)"), "42");
    assert.equal(
      cell(row, "Modified properties"),
      'title: "Engineer" → "Lead, Platform"\nname.givenName: (empty) → "Ann"',
    );
    assert.equal(
      cell(row, "Provisioning steps"),
      "import (Success): Read from Graph.\naction (Failure): PATCH U123: 400",
    );
  });

  void it("protects against formulas in any field an attacker can set in Entra (e.g. a display name)", () => {
    const [row] = parseCsv(activityCsvRow(activityRecord({ identity: '=HYPERLINK("http://evil","x")', reason: "@x" })));
    assert.equal(cell(row, "Source identity"), '\'=HYPERLINK("http://evil","x")');
    assert.equal(cell(row, "Status reason"), "'@x");
  });

  void it("streams every record of a window below the cap, with a BOM and CRLF lines", async () => {
    const records = [1, 2, 3].map((i) => activityRecord({ changeId: `ch-${i}` }));
    const { text, read } = await exported(records, 3);
    assert.ok(text.startsWith("\uFEFFDate (UTC),"));
    const rows = parseCsv(text);
    assert.deepEqual(
      rows.slice(1).map((r) => cell(r, "Change ID")),
      ["ch-1", "ch-2", "ch-3"],
    );
    assert.equal(read, 3);
  });

  void it("beyond the cap: the newest rows, then a trailer with the `to` that exports the rest; reads one more only", async () => {
    const records = [0, 1, 2, 3, 4].map((i) =>
      activityRecord({ changeId: `ch-${i}`, at: new Date(Date.UTC(2026, 10, 30, 12, 0, 10 - i)).toISOString() }),
    );
    const { text, read } = await exported(records, 3);
    const rows = parseCsv(text);
    assert.equal(rows.length, 1 + 3 + 1);
    const trailer = rows.at(-1) ?? [];
    assert.match(
      trailer[0] ?? "",
      /more than 3 records; these are the newest 3\. Export the rest with to=2026-11-30T12:00:08\.001Z\./,
    );
    assert.ok(trailer.slice(1).every((c) => c === ""));
    assert.equal(trailer.length, ACTIVITY_CSV_COLUMNS.length);
    assert.equal(read, 4, "the fourth record is read to know there are more, the fifth never");
  });

  void it("any records give a rectangular CSV that parses back to their fields", () => {
    const text = fc.string({ maxLength: 20 });
    fc.assert(
      fc.property(
        fc.record({ identity: text, reason: text, errorCode: text, old: fc.option(text), now: fc.option(text) }),
        (f) => {
          const record = activityRecord({
            identity: f.identity,
            reason: f.reason,
            errorCode: f.errorCode,
            modifiedProperties: [{ name: "title", oldValue: f.old, newValue: f.now }],
          });
          const rows = parseCsv(activityCsvHeader() + activityCsvRow(record));
          assert.equal(rows.length, 2);
          assert.equal(rows[1]?.length, ACTIVITY_CSV_COLUMNS.length);
          const shown = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
          assert.equal(cell(rows[1], "Source identity"), shown(f.identity));
          assert.equal(cell(rows[1], "Status reason"), shown(f.reason));
          assert.equal(cell(rows[1], "Error code"), shown(f.errorCode));
        },
      ),
      { numRuns: 300 },
    );
  });
});
