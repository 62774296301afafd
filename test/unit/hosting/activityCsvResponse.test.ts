import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HttpResponse } from "@azure/functions";
import { ACTIVITY_CSV_COLUMNS } from "../../../shared/activity/activityCsv";
import { activityCsvFileName, activityCsvResponse } from "../../../shared/hosting/activityCsvResponse";
import type { ActivityRecord } from "../../../shared/state/ActivityRecord";
import { activityRecord } from "../../support/memory/activityRecord";
import { InMemoryActivityStore } from "../../support/memory/InMemoryActivityStore";
import { parseCsv } from "../../support/parseCsv";

const FROM = new Date("2026-11-29T00:00:00Z");
const TO = new Date("2026-11-30T12:00:00Z");

async function store(records: ActivityRecord[]): Promise<InMemoryActivityStore> {
  const s = new InMemoryActivityStore(() => TO);
  for (const r of records) await s.append(r);
  return s;
}

void describe("activityCsvResponse", () => {
  void it("names the file after the window", () => {
    assert.equal(activityCsvFileName(FROM, TO), "provisioning-logs-20261129T000000Z-20261130T120000Z.csv");
  });

  void it("answers text/csv as an attachment: the window's records, filtered like the JSON, newest first", async () => {
    const s = await store([
      activityRecord({ changeId: "old", at: "2026-11-28T23:59:59.999Z" }),
      activityRecord({ changeId: "a", at: "2026-11-29T08:00:00.000Z" }),
      activityRecord({ changeId: "b", at: "2026-11-30T08:00:00.000Z", status: "Failure" }),
      activityRecord({ changeId: "c", at: "2026-11-30T09:00:00.000Z" }),
      activityRecord({ changeId: "late", at: "2026-11-30T12:00:00.000Z" }),
    ]);
    const init = await activityCsvResponse(s, "j", { from: FROM, to: TO, limit: 1 });
    const res = new HttpResponse(init);
    assert.equal(res.headers.get("content-type"), "text/csv; charset=utf-8");
    assert.equal(
      res.headers.get("content-disposition"),
      'attachment; filename="provisioning-logs-20261129T000000Z-20261130T120000Z.csv"',
    );
    const rows = parseCsv(await res.text());
    const changeId = ACTIVITY_CSV_COLUMNS.findIndex((c) => c.header === "Change ID");
    assert.deepEqual(
      rows.slice(1).map((r) => r[changeId]),
      ["c", "b", "a"],
      "limit does not apply to the export",
    );
    const failures = await activityCsvResponse(s, "j", { from: FROM, to: TO, limit: 200, status: "Failure" });
    assert.deepEqual(
      parseCsv(await new HttpResponse(failures).text())
        .slice(1)
        .map((r) => r[changeId]),
      ["b"],
    );
  });

  void it("cuts at the row cap with a trailer", async () => {
    const s = await store(
      Array.from({ length: 5 }, (_, i) =>
        activityRecord({ changeId: `r${i}`, at: new Date(Date.UTC(2026, 10, 30, 1, 0, i)).toISOString() }),
      ),
    );
    const rows = parseCsv(
      await new HttpResponse(await activityCsvResponse(s, "j", { from: FROM, to: TO, limit: 200 }, 2)).text(),
    );
    assert.equal(rows.length, 4);
    assert.match(
      rows[3]?.[0] ?? "",
      /^# cut: the window holds more than 2 records; these are the newest 2\. Export the rest with to=2026-11-30T01:00:03\.001Z\.$/,
    );
  });

  void it("a storage failure on the first read is thrown (a JSON error answer), not a broken download", async () => {
    const failing = {
      scan: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error("storage down")) }),
      }),
    };
    await assert.rejects(activityCsvResponse(failing, "j", { from: FROM, to: TO, limit: 200 }), /storage down/);
  });
});
