import { ExpressionEvaluationError } from "./ExpressionEvaluationError";
import type { DateTimeValue } from "./dotnetDateTime";
import { ENTRA_DATETIME_FORMAT, formatDotnetDateTime } from "./dotnetDateTime";

const MAX_DATE_TEXT = 64;
// 2012-03-16, 2012-03-16-07:00, 2009-06-15T01:45:30-07:00, 2021-08-24 23:59:59.1234567Z
const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// 8/25/2021 5:41:18 PM (Entra's own output format), 3/16/2012
const US =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*(AM|PM))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function offsetMinutes(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0"));
}

function build(
  text: string,
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  fraction: string,
  zone: string | undefined,
): DateTimeValue {
  const ticks = Number((fraction + "0000000").slice(0, 7));
  const ms = Date.UTC(y, mo - 1, d, h, mi, s, Math.floor(ticks / 10_000));
  const check = new Date(ms);
  if (
    mo < 1 ||
    mo > 12 ||
    h > 23 ||
    mi > 59 ||
    s > 59 ||
    check.getUTCDate() !== d ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCFullYear() !== y
  ) {
    throw new ExpressionEvaluationError(`${JSON.stringify(text)} is not a valid date.`);
  }
  return { utcMs: ms - offsetMinutes(zone) * 60_000, extraTicks: ticks % 10_000 };
}

/**
 * CDate's parser: an ISO 8601 date or date-time with an optional UTC offset (Workday's "2012-03-16-07:00" too), or
 * Entra's own "M/d/yyyy h:mm:ss tt" (what CDate, DateAdd and Now return). A value without an offset is UTC.
 * Throws ExpressionEvaluationError for anything else.
 */
export function parseEntraDateTime(text: string): DateTimeValue {
  const t = text.trim();
  if (t.length <= MAX_DATE_TEXT) {
    const iso = ISO.exec(t);
    if (iso) {
      const [, y, mo, d, h, mi, s, f, zone] = iso;
      return build(
        text,
        Number(y),
        Number(mo),
        Number(d),
        Number(h ?? 0),
        Number(mi ?? 0),
        Number(s ?? 0),
        f ?? "",
        zone,
      );
    }
    const us = US.exec(t);
    if (us) {
      const [, mo, d, y, h, mi, s, ampm, zone] = us;
      let hour = Number(h ?? 0);
      if (ampm !== undefined) {
        if (hour < 1 || hour > 12) throw new ExpressionEvaluationError(`${JSON.stringify(text)} is not a valid date.`);
        hour = (hour % 12) + (ampm.toUpperCase() === "PM" ? 12 : 0);
      }
      return build(text, Number(y), Number(mo), Number(d), hour, Number(mi ?? 0), Number(s ?? 0), "", zone);
    }
  }
  throw new ExpressionEvaluationError(
    `${JSON.stringify(text.slice(0, MAX_DATE_TEXT))} is not a date CDate understands; use ISO 8601 ` +
      '("2021-06-30T08:00:00+08:00", "2012-03-16-07:00") or "M/d/yyyy h:mm:ss tt", or convert it with FormatDateTime.',
  );
}

/** A date in Entra's DateTime string format, "M/d/yyyy h:mm:ss tt", in UTC ("3/16/2020 7:00:00 AM"). */
export function formatEntraDateTime(value: DateTimeValue): string {
  return formatDotnetDateTime(value, ENTRA_DATETIME_FORMAT);
}

/** The intervals DateAdd and DateDiff accept (Entra's list plus VBA's "q", "y" and "w"). */
const INTERVALS = ["yyyy", "q", "m", "y", "d", "w", "ww", "h", "n", "s"] as const;
type Interval = (typeof INTERVALS)[number];

function interval(fn: string, text: string | null): Interval {
  const found = INTERVALS.find((i) => i === text);
  if (found === undefined) {
    throw new ExpressionEvaluationError(
      `${fn}: interval ${JSON.stringify(text)} is not one of "yyyy" (years), "m" (months), "d" (days), "ww" (weeks), ` +
        '"h" (hours), "n" (minutes), "s" (seconds).',
    );
  }
  return found;
}

const FIXED_MS: Partial<Record<Interval, number>> = {
  y: 86_400_000,
  d: 86_400_000,
  w: 86_400_000,
  ww: 7 * 86_400_000,
  h: 3_600_000,
  n: 60_000,
  s: 1_000,
};

/** How far DateAdd may move a date (.NET's DateTime covers years 1–9999). */
const MAX_YEAR = 9999;

/** DateAdd: adds `count` intervals; months and years clamp to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addInterval(intervalText: string | null, count: number, date: DateTimeValue): DateTimeValue {
  const unit = interval("DateAdd", intervalText);
  const fixed = FIXED_MS[unit];
  let ms: number;
  if (fixed !== undefined) {
    ms = date.utcMs + count * fixed;
  } else {
    const months = unit === "yyyy" ? count * 12 : unit === "q" ? count * 3 : count;
    const d = new Date(date.utcMs);
    const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
    const year = Math.floor(total / 12);
    const month = total - year * 12;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const t = new Date(0);
    t.setUTCFullYear(year, month, Math.min(d.getUTCDate(), lastDay));
    t.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
    ms = t.getTime();
  }
  const year = new Date(ms).getUTCFullYear();
  if (!Number.isFinite(ms) || year < 1 || year > MAX_YEAR) {
    throw new ExpressionEvaluationError(`DateAdd: the result is outside the years 1 to ${MAX_YEAR}.`);
  }
  return { utcMs: ms, extraTicks: date.extraTicks };
}

/** Midnight (UTC) of the Sunday that starts the date's week, in Unix milliseconds. */
function startOfWeek(d: Date): number {
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - d.getUTCDay());
}

/**
 * DateDiff(interval, date1, date2), as Visual Basic's DateDiff: positive when date2 is later. Years, quarters and
 * months count calendar boundaries crossed (2021 → 2012 is -9 years whatever the days), "ww" counts Sundays
 * crossed; days ("d", "y", "w"), hours, minutes and seconds count whole elapsed units, truncated toward zero.
 */
export function diffInterval(intervalText: string | null, date1: DateTimeValue, date2: DateTimeValue): number {
  const unit = interval("DateDiff", intervalText);
  const a = new Date(date1.utcMs);
  const b = new Date(date2.utcMs);
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
  if (unit === "yyyy") return b.getUTCFullYear() - a.getUTCFullYear();
  if (unit === "m") return months;
  if (unit === "q") {
    const quarter = (d: Date): number => d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
    return quarter(b) - quarter(a);
  }
  if (unit === "ww") return (startOfWeek(b) - startOfWeek(a)) / (7 * 86_400_000);
  const fixed = FIXED_MS[unit] as number;
  return Math.trunc((date2.utcMs - date1.utcMs) / fixed) + 0;
}

/** FILETIME epoch (1601-01-01) in Unix milliseconds. */
const FILETIME_EPOCH_MS = -11_644_473_600_000;

/** NumFromDate: a date as Active Directory's number (100-ns intervals since 1601-01-01 UTC), as decimal text. */
export function dateToFileTime(value: DateTimeValue): string {
  const ticks = BigInt(value.utcMs - FILETIME_EPOCH_MS) * 10_000n + BigInt(value.extraTicks);
  return ticks.toString();
}
