/**
 * The pure part of a manager's waiting list: the reports provisioned while their manager was not (yet) an active Slack
 * user, so that the manager's arrival queues just them, read in one point read, instead of every report it has.
 */

/** The most reports a waiting list names; past it the list says `overflow` and the manager's arrival reads them all. */
export const MAX_WAITING_REPORTS = 500;

export interface ManagerWaits {
  reports: string[];
  /** More reports waited than the list holds: the arrival must read every report of the manager. */
  overflow?: true;
}

export const NO_WAITS: ManagerWaits = { reports: [] };

/** The list with `reportId` on it; declined when it is there already (or the list overflowed): nothing to write. */
export function addWaitingReport(waits: Readonly<ManagerWaits>, reportId: string): ManagerWaits | { declined: string } {
  if (waits.overflow) return { declined: "the list overflowed: every report is read on arrival" };
  if (waits.reports.includes(reportId)) return { declined: "already waiting" };
  if (waits.reports.length >= MAX_WAITING_REPORTS) return { reports: waits.reports, overflow: true };
  return { reports: [...waits.reports, reportId] };
}

/** Reads a stored list, tolerating anything malformed as an overflow (every report is read: never a report lost). */
export function parseManagerWaits(json: unknown): ManagerWaits {
  try {
    const v = JSON.parse(String(json)) as Partial<ManagerWaits>;
    if (!Array.isArray(v.reports) || !v.reports.every((r) => typeof r === "string"))
      return { reports: [], overflow: true };
    return v.overflow ? { reports: v.reports, overflow: true } : { reports: v.reports };
  } catch {
    return { reports: [], overflow: true };
  }
}
