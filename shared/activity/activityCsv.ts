import type { ActivityRecord } from "../state/ActivityRecord";
import { csvLine } from "./csvCell";

/** The most records one CSV export holds (a wider window ends with a trailer row saying how to export the rest). */
export const MAX_CSV_ROWS = 10_000;

/** The source and target systems, as Entra's provisioning log names them for this connector. */
const SOURCE_SYSTEM = "Microsoft Entra ID";
const TARGET_SYSTEM = "Slack";

const text = (v: string | number | undefined | null): string => (v === undefined || v === null ? "" : String(v));
const value = (v: string | null): string => (v === null ? "(empty)" : JSON.stringify(v));

/**
 * The columns of the export: those of the ProvisioningLogs file of Entra's CSV download that apply here, in its
 * vocabulary, and its two side files (ProvisioningLogs_ModifiedProperties, ProvisioningLogs_ProvisioningSteps,
 * joined there by change id) as one cell each, one line per property or step. Not exported: the SCIM requests (the
 * JSON API and the dashboard show them), and Entra's columns that have no meaning here (tenant, service principal,
 * correlation id, which equals the change id).
 */
export const ACTIVITY_CSV_COLUMNS: readonly { header: string; cell: (r: ActivityRecord) => string }[] = [
  { header: "Date (UTC)", cell: (r) => r.at },
  { header: "Job ID", cell: (r) => r.jobId },
  { header: "Cycle ID", cell: (r) => r.cycleId },
  { header: "Change ID", cell: (r) => r.changeId },
  { header: "Action", cell: (r) => r.action },
  { header: "Status", cell: (r) => r.status },
  { header: "Status reason", cell: (r) => r.reason },
  { header: "Error code", cell: (r) => text(r.errorCode) },
  { header: "Error description", cell: (r) => text(r.errorMessage) },
  { header: "Object type", cell: (r) => r.objectType },
  { header: "Source system", cell: (r) => (r.objectType === "Job" ? "" : SOURCE_SYSTEM) },
  { header: "Source identity", cell: (r) => text(r.identity) },
  { header: "Source ID", cell: (r) => r.objectId },
  { header: "Target system", cell: (r) => (r.objectType === "Job" ? "" : TARGET_SYSTEM) },
  { header: "Target ID", cell: (r) => text(r.slackId) },
  {
    header: "Initiated by",
    cell: (r) => (r.trigger === "onDemand" ? `on demand: ${r.requestedBy ?? "(unknown)"}` : "provisioning cycle"),
  },
  { header: "Duration (ms)", cell: (r) => text(r.durationMs) },
  {
    header: "Modified properties",
    cell: (r) => r.modifiedProperties.map((p) => `${p.name}: ${value(p.oldValue)} → ${value(p.newValue)}`).join("\n"),
  },
  { header: "Provisioning steps", cell: (r) => r.steps.map((s) => `${s.name} (${s.status}): ${s.detail}`).join("\n") },
  { header: "Members added", cell: (r) => (r.membersAdded ?? []).join("\n") },
  { header: "Members removed", cell: (r) => (r.membersRemoved ?? []).join("\n") },
];

/** Pure: the header line. */
export function activityCsvHeader(): string {
  return csvLine(ACTIVITY_CSV_COLUMNS.map((c) => c.header));
}

/** Pure: one record's line. */
export function activityCsvRow(record: ActivityRecord): string {
  return csvLine(ACTIVITY_CSV_COLUMNS.map((c) => c.cell(record)));
}

/**
 * Pure: the trailer line of an export cut at `maxRows`: its first cell says so, and which `to` exports the rest (the
 * oldest exported record's time plus one millisecond: `to` is exclusive, so records of that millisecond come again,
 * recognisable by their change id, rather than being skipped). The other cells are empty: the CSV stays rectangular.
 */
export function activityCsvTrailer(maxRows: number, oldestAt: string): string {
  const next = new Date(new Date(oldestAt).getTime() + 1).toISOString();
  const cells = ACTIVITY_CSV_COLUMNS.map(() => "");
  cells[0] =
    `# cut: the window holds more than ${maxRows} records; these are the newest ${maxRows}. ` +
    `Export the rest with to=${next}.`;
  return csvLine(cells);
}

/**
 * The CSV export of records given newest first, as text chunks: a UTF-8 byte order mark (so spreadsheet programs read
 * UTF-8) with the header, then one line per record as the records arrive, at most `maxRows`; when there are more, a
 * trailer line (activityCsvTrailer) and nothing more is read. Memory stays one record.
 */
export async function* activityCsvChunks(
  records: AsyncIterable<ActivityRecord>,
  maxRows = MAX_CSV_ROWS,
): AsyncGenerator<string, void, undefined> {
  yield `\uFEFF${activityCsvHeader()}`;
  let rows = 0;
  let oldestAt = "";
  for await (const record of records) {
    if (rows >= maxRows) {
      yield activityCsvTrailer(maxRows, oldestAt);
      return;
    }
    yield activityCsvRow(record);
    rows++;
    oldestAt = record.at;
  }
}
