import { RegexBudgetExceeded, withRegexBudget } from "../../regex/withRegexBudget";
import { ExpressionEvaluationError } from "./ExpressionEvaluationError";

/** A point in time: whole UTC milliseconds plus the 100-ns ticks within the millisecond (0–9999). */
export interface DateTimeValue {
  utcMs: number;
  /** Sub-millisecond ticks, so "fffffff" round-trips. */
  extraTicks: number;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

type FormatToken = { kind: "field"; letter: string; count: number } | { kind: "literal"; text: string };

const FIELD_LETTERS = "yMdHhmsfFtzK";

/** Splits a .NET custom date/time format into fields and literals (quotes and backslash escapes are literals). */
function tokenizeFormat(format: string): FormatToken[] {
  const tokens: FormatToken[] = [];
  let i = 0;
  while (i < format.length) {
    const c = format.charAt(i);
    if (c === "'" || c === '"') {
      const end = format.indexOf(c, i + 1);
      const stop = end === -1 ? format.length : end;
      tokens.push({ kind: "literal", text: format.slice(i + 1, stop) });
      i = stop + 1;
    } else if (c === "\\") {
      tokens.push({ kind: "literal", text: format.charAt(i + 1) });
      i += 2;
    } else if (c === "%") {
      i++;
    } else if (FIELD_LETTERS.includes(c)) {
      let count = 1;
      while (format.charAt(i + count) === c) count++;
      tokens.push({ kind: "field", letter: c, count });
      i += count;
    } else {
      tokens.push({ kind: "literal", text: c });
      i++;
    }
  }
  return tokens;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function fieldPattern(letter: string, count: number): string {
  switch (letter) {
    case "y":
      return count <= 2 ? "(\\d{1,2})" : `(\\d{${count},4})`;
    case "M":
      if (count >= 4) return `(${MONTHS.join("|")})`;
      if (count === 3) return `(${MONTHS.map((m) => m.slice(0, 3)).join("|")})`;
      return count === 2 ? "(\\d{2})" : "(\\d{1,2})";
    case "d":
      if (count >= 4) return `(${DAYS.join("|")})`;
      if (count === 3) return `(${DAYS.map((d) => d.slice(0, 3)).join("|")})`;
      return count === 2 ? "(\\d{2})" : "(\\d{1,2})";
    case "H":
    case "h":
    case "m":
    case "s":
      return count >= 2 ? "(\\d{2})" : "(\\d{1,2})";
    case "f":
      return `(\\d{${Math.min(count, 7)}})`;
    case "F":
      return `(\\d{0,${Math.min(count, 7)}})`;
    case "t":
      return count >= 2 ? "(AM|PM|am|pm)" : "(A|P|a|p)";
    case "z":
    case "K":
      return "(Z|[+-]\\d{1,2}(?::?\\d{2})?)";
    default:
      return "()";
  }
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function utc(year: number, month: number, day: number, h: number, m: number, s: number, ms: number): number {
  const d = new Date(Date.UTC(2000, 0, 1, h, m, s, ms));
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

/**
 * Runs the pattern built from a format under the regular-expression budget: an ambiguous format (optional fields in a
 * row, such as "F%F%F%F…") backtracks exponentially on a value it does not match.
 */
function matchFormat(pattern: string, text: string, format: string): RegExpExecArray | null {
  try {
    return withRegexBudget(pattern, () => new RegExp(pattern).exec(text));
  } catch (e) {
    if (!(e instanceof RegexBudgetExceeded)) throw e;
    throw new ExpressionEvaluationError(
      `FormatDateTime: the input format ${JSON.stringify(format)} took longer than ${e.budgetMs} ms to match this ` +
        "value and was stopped (too many optional or variable-width fields in a row). Simplify the format.",
    );
  }
}

function fail(source: string, format: string): never {
  throw new ExpressionEvaluationError(
    `The date ${JSON.stringify(source)} does not match the format ${JSON.stringify(format)}.`,
  );
}

/**
 * Parses `source` with a .NET custom date/time format (yyyy, yy, MM, M, MMM, MMMM, dd, d, HH, H, hh, h, mm, m, ss, s,
 * f…fffffff, F…FFFFFFF, tt, t, z, zz, zzz, K; quoted literals; anything else literal), allowing leading and trailing
 * white space as Entra's default DateTimeStyles do. A parsed offset converts the time to UTC; without one the fields
 * are taken as UTC. An empty format accepts ISO 8601. Throws ExpressionEvaluationError when it does not match.
 */
export function parseDotnetDateTime(source: string, format: string): DateTimeValue {
  const text = source.trim();
  if (format === "") {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) fail(source, "ISO 8601");
    return { utcMs: ms, extraTicks: 0 };
  }
  const tokens = tokenizeFormat(format);
  const fields: { letter: string; count: number }[] = [];
  let pattern = "^";
  for (const t of tokens) {
    if (t.kind === "literal") pattern += escapeRegex(t.text);
    else {
      pattern += fieldPattern(t.letter, t.count);
      fields.push(t);
    }
  }
  const m = matchFormat(`${pattern}$`, text, format);
  if (m === null) fail(source, format);
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let ticks = 0;
  let pm: boolean | undefined;
  let offsetMinutes: number | undefined;
  fields.forEach((f, index) => {
    const v = m[index + 1] ?? "";
    switch (f.letter) {
      case "y":
        year = f.count <= 2 ? (Number(v) < 50 ? 2000 + Number(v) : 1900 + Number(v)) : Number(v);
        break;
      case "M":
        month = f.count >= 3 ? MONTHS.findIndex((n) => n.startsWith(v)) + 1 : Number(v);
        break;
      case "d":
        if (f.count <= 2) day = Number(v);
        break;
      case "H":
        hour = Number(v);
        break;
      case "h":
        hour = Number(v) % 12;
        break;
      case "m":
        minute = Number(v);
        break;
      case "s":
        second = Number(v);
        break;
      case "f":
      case "F":
        ticks = v === "" ? 0 : Number(v.padEnd(7, "0"));
        break;
      case "t":
        pm = v.toUpperCase().startsWith("P");
        break;
      case "z":
      case "K":
        if (v === "Z") offsetMinutes = 0;
        else {
          const om = /^([+-])(\d{1,2}):?(\d{2})?$/.exec(v);
          const sign = om?.[1] === "-" ? -1 : 1;
          offsetMinutes = sign * (Number(om?.[2] ?? 0) * 60 + Number(om?.[3] ?? 0));
        }
        break;
    }
  });
  if (pm === true) hour += 12;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    fail(source, format);
  }
  const base = utc(year, month, day, hour, minute, second, Math.floor(ticks / 10_000));
  return { utcMs: base - (offsetMinutes ?? 0) * 60_000, extraTicks: ticks % 10_000 };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/**
 * Formats a time (in UTC) with a .NET custom format, or the standard formats "o"/"O" (round trip), "s" (sortable) and
 * "u" (universal sortable). Names are English (invariant culture); "zzz" and "K" print the UTC offset (+00:00, Z).
 */
export function formatDotnetDateTime(value: DateTimeValue, format: string): string {
  if (format === "o" || format === "O") return formatDotnetDateTime(value, "yyyy-MM-ddTHH:mm:ss.fffffffK");
  if (format === "s") return formatDotnetDateTime(value, "yyyy-MM-ddTHH:mm:ss");
  if (format === "u") return formatDotnetDateTime(value, "yyyy-MM-dd HH:mm:ssZ");
  const d = new Date(value.utcMs);
  const ticks = d.getUTCMilliseconds() * 10_000 + value.extraTicks;
  let out = "";
  for (const t of tokenizeFormat(format)) {
    if (t.kind === "literal") {
      out += t.text;
      continue;
    }
    const n = t.count;
    switch (t.letter) {
      case "y": {
        const y = d.getUTCFullYear();
        out += n <= 2 ? pad(y % 100, n) : pad(y, n);
        break;
      }
      case "M":
        out += nameOrNumber(n, MONTHS[d.getUTCMonth()], d.getUTCMonth() + 1);
        break;
      case "d":
        out += nameOrNumber(n, DAYS[d.getUTCDay()], d.getUTCDate());
        break;
      case "H":
        out += pad(d.getUTCHours(), Math.min(n, 2));
        break;
      case "h":
        out += pad(d.getUTCHours() % 12 === 0 ? 12 : d.getUTCHours() % 12, Math.min(n, 2));
        break;
      case "m":
        out += pad(d.getUTCMinutes(), Math.min(n, 2));
        break;
      case "s":
        out += pad(d.getUTCSeconds(), Math.min(n, 2));
        break;
      case "f":
        out += pad(ticks, 7).slice(0, Math.min(n, 7));
        break;
      case "F":
        out += pad(ticks, 7).slice(0, Math.min(n, 7)).replace(/0+$/, "");
        break;
      case "t":
        out += (d.getUTCHours() < 12 ? "AM" : "PM").slice(0, n >= 2 ? 2 : 1);
        break;
      case "z":
        out += n === 1 ? "+0" : n === 2 ? "+00" : "+00:00";
        break;
      case "K":
        out += "Z";
        break;
    }
  }
  return out;
}

/** Entra's text form of a DateTime value (what Now, CDate and DateFromNum return): "M/d/yyyy h:mm:ss tt". */
export const ENTRA_DATETIME_FORMAT = "M/d/yyyy h:mm:ss tt";

/** .NET's month and day specifiers: 4+ letters the full name, 3 the abbreviation, fewer the zero-padded number. */
function nameOrNumber(letters: number, name: string | undefined, numeric: number): string {
  if (letters >= 4) return name ?? "";
  if (letters === 3) return (name ?? "").slice(0, 3);
  return pad(numeric, letters);
}
