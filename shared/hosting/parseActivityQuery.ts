import type { ActivityRecord } from "../state/ActivityRecord";

/** The widest time window one activity query may cover (one Table query per day of it). */
export const MAX_ACTIVITY_WINDOW_DAYS = 31;
/** The most records one activity query returns. */
export const MAX_ACTIVITY_LIMIT = 5000;
const DEFAULT_LIMIT = 200;
const DAY_MS = 86_400_000;
const STATUSES: readonly ActivityRecord["status"][] = ["Success", "Failure", "Skipped", "Warning"];

/** A checked activity query: a bounded window, a clamped limit and the optional filters. */
export interface ActivityQueryParams {
  from: Date;
  to: Date;
  limit: number;
  status?: ActivityRecord["status"];
  cycleId?: string;
}

/** The query parameters as the request carries them (absent ones null, as URLSearchParams.get gives them). */
export interface RawActivityQuery {
  from: string | null;
  to: string | null;
  limit: string | null;
  status: string | null;
  cycleId: string | null;
}

/**
 * Pure: checks an activity query before any storage is touched. `to` defaults to now and `from` to 24 hours before
 * `to`; both must be valid dates with from < to, at most MAX_ACTIVITY_WINDOW_DAYS apart; `limit` is a whole number
 * from 1 to MAX_ACTIVITY_LIMIT (default 200). Resolves with the problem (for a 400) when anything is off.
 */
export function parseActivityQuery(raw: RawActivityQuery, now: Date): ActivityQueryParams | { problem: string } {
  const to = raw.to === null ? now : parseDate(raw.to);
  if (!to) return { problem: `to must be an ISO 8601 date and time, e.g. ${now.toISOString()}; it is "${raw.to}".` };
  const from = raw.from === null ? new Date(to.getTime() - DAY_MS) : parseDate(raw.from);
  if (!from) return { problem: `from must be an ISO 8601 date and time; it is "${raw.from}".` };
  if (from.getTime() >= to.getTime()) return { problem: "from must be before to." };
  if (to.getTime() - from.getTime() > MAX_ACTIVITY_WINDOW_DAYS * DAY_MS) {
    return {
      problem: `The window from ${from.toISOString()} to ${to.toISOString()} is wider than ${MAX_ACTIVITY_WINDOW_DAYS} days: query it in parts.`,
    };
  }
  let limit = DEFAULT_LIMIT;
  if (raw.limit !== null) {
    if (!/^\d{1,7}$/.test(raw.limit.trim()) || Number(raw.limit) < 1) {
      return { problem: `limit must be a whole number from 1 to ${MAX_ACTIVITY_LIMIT}; it is "${raw.limit}".` };
    }
    limit = Math.min(Number(raw.limit), MAX_ACTIVITY_LIMIT);
  }
  const status = raw.status ?? undefined;
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
    return { problem: `status must be one of ${STATUSES.join(", ")}; it is "${status}".` };
  }
  const cycleId = raw.cycleId ?? undefined;
  if (cycleId !== undefined && (cycleId.length === 0 || cycleId.length > 100)) {
    return { problem: "cycleId must be 1 to 100 characters." };
  }
  return {
    from,
    to,
    limit,
    ...(status ? { status: status as ActivityRecord["status"] } : {}),
    ...(cycleId ? { cycleId } : {}),
  };
}

/** A date the way the API takes it: ISO 8601 with a time (a bare year or out-of-range value is refused). */
function parseDate(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) return undefined;
  const d = new Date(text.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}
