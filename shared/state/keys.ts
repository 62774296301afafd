// Control characters are exactly what Table Storage forbids in keys, so the pattern must name them.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_KEYS = /[/\\#?\u0000-\u001f\u007f-\u009f%]/g;

/**
 * Row keys must not contain / \ # ? or control characters. Object ids (GUIDs) and Slack ids are safe; anything else
 * goes through this encoder.
 */
export function safeKey(value: string): string {
  return value.replace(FORBIDDEN_IN_KEYS, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

const MAX_TICKS = 9_999_999_999_999;

/** A row key that sorts newest first: the inverted epoch milliseconds, zero-padded. */
export function newestFirstKey(at: Date): string {
  return String(MAX_TICKS - at.getTime()).padStart(13, "0");
}

/** The UTC day partition (yyyyMMdd) of a date. */
export function dayKey(at: Date): string {
  return at.toISOString().slice(0, 10).replace(/-/g, "");
}
