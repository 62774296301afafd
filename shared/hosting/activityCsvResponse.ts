import type { HttpResponseInit } from "@azure/functions";
import { activityCsvChunks, MAX_CSV_ROWS } from "../activity/activityCsv";
import type { ActivityRecord } from "../state/ActivityRecord";
import type { ActivityStore } from "../state/StatePorts";
import type { ActivityQueryParams } from "./parseActivityQuery";
import { textStream } from "./textStream";

/** A time as a file name takes it: 2026-11-30T14:05:00.000Z → 20261130T140500Z. */
function fileTime(d: Date): string {
  return d
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
}

/** The download's file name for a window. */
export function activityCsvFileName(from: Date, to: Date): string {
  return `provisioning-logs-${fileTime(from)}-${fileTime(to)}.csv`;
}

/**
 * GET /api/activity?format=csv: the window's records (filtered by status and cycle as the JSON answer is) as a CSV
 * download (activityCsv.ts), newest first, at most `maxRows` of them, streamed as they are read: one Table query per
 * day of the window, pages read as the client takes the bytes. The first page is read before answering, so a storage
 * failure is a JSON error response rather than a broken download. `limit` does not apply (the row cap does).
 */
export async function activityCsvResponse(
  store: Pick<ActivityStore, "scan">,
  jobId: string,
  query: ActivityQueryParams,
  maxRows = MAX_CSV_ROWS,
): Promise<HttpResponseInit> {
  const { limit: _limit, ...window } = query;
  const iterator = store.scan(jobId, window)[Symbol.asyncIterator]();
  const first = await iterator.next();
  async function* records(): AsyncGenerator<ActivityRecord, void, undefined> {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${activityCsvFileName(query.from, query.to)}"`,
      "cache-control": "no-store",
    },
    body: textStream(activityCsvChunks(records(), maxRows)),
  };
}
