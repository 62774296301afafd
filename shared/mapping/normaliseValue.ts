/**
 * A source value as the string Slack should hold, or null when there is nothing to send: strings are trimmed and
 * "" means null; numbers and booleans become their text; anything else (objects, arrays) is null. Unicode is kept
 * exactly as given (no case folding, no diacritics normalisation).
 */
export function normaliseValue(value: unknown): string | null {
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "number" && Number.isFinite(value)) text = String(value);
  else if (typeof value === "boolean") text = value ? "True" : "False";
  else return null;
  const trimmed = text.trim();
  return trimmed === "" ? null : trimmed;
}
