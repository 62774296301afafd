/**
 * An ISO 8601 date (`2026-12-31`) or date-time (`2026-12-31T18:00:00Z`, `…+02:00`, fractions allowed), anchored and
 * without nested quantifiers (it cannot backtrack).
 */
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Pure: a guest expiration as Slack takes it, `YYYY-MM-DDTHH:MM:SSZ` (UTC), from the value of
 * GUEST_EXPIRATION_ATTRIBUTE. A date without a time is the end of that day (23:59:59 UTC), so the guest keeps access
 * on the day named; a date-time without an offset is UTC (Graph's are). Undefined when the value is not such a date
 * (validation then names it). Values longer than 40 characters are not parsed.
 */
export function normaliseGuestExpiration(raw: string): string | undefined {
  const value = raw.trim();
  if (value.length > 40) return undefined;
  const m = ISO_8601.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, offset] = m;
  const date =
    h === undefined ? `${y}-${mo}-${d}T23:59:59Z` : `${y}-${mo}-${d}T${h}:${mi}:${s ?? "00"}${offset ?? "Z"}`;
  const parsed = new Date(date.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  if (Number.isNaN(parsed.getTime())) return undefined;
  // Reject dates JavaScript rolls over (2026-02-30 → March 2): the calendar day must survive the round trip in UTC,
  // for values without an offset.
  if (offset === undefined || offset === "Z") {
    const day = parsed.toISOString().slice(0, 10);
    if (day !== `${y}-${mo}-${d}`) return undefined;
  }
  return parsed.toISOString().replace(/\.\d{3}Z$/, "Z");
}
