import type { DateTimeValue } from "./dotnetDateTime";
import { ExpressionEvaluationError } from "./ExpressionEvaluationError";

/** 100-ns intervals between 1601-01-01 (Windows FileTime epoch) and 1970-01-01. */
const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;
/** AD's "never" values for accountExpires and the like. */
const NEVER = new Set([0n, 9_223_372_036_854_775_807n]);
/** Largest FileTime a JavaScript Date can hold (year 9999). */
const MAX_FILETIME = 2_650_467_743_999_999_999n;

/**
 * An Active Directory date number (Windows FileTime: 100-ns intervals since 1601-01-01 UTC, as in lastLogonTimestamp,
 * accountExpires) as a time. Exact for any integer text (BigInt arithmetic). Returns undefined for AD's "never"
 * values (0 and 9223372036854775807); throws ExpressionEvaluationError for text that is not a non-negative integer.
 */
export function fileTimeToDate(text: string): DateTimeValue | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    throw new ExpressionEvaluationError(
      `DateFromNum expects an AD date number (an integer), not ${JSON.stringify(text)}.`,
    );
  }
  const value = BigInt(trimmed);
  if (NEVER.has(value)) return undefined;
  if (value > MAX_FILETIME) {
    throw new ExpressionEvaluationError(`DateFromNum: ${trimmed} is beyond the year 9999.`);
  }
  const sinceUnix = value - FILETIME_UNIX_EPOCH;
  const ms = sinceUnix / 10_000n;
  const rem = sinceUnix % 10_000n;
  // BigInt division truncates towards zero; keep the remainder non-negative.
  return rem < 0n
    ? { utcMs: Number(ms - 1n), extraTicks: Number(rem + 10_000n) }
    : { utcMs: Number(ms), extraTicks: Number(rem) };
}
