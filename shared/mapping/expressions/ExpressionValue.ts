/** A value during evaluation: a string, a list (multi-valued attributes, Split), or null (no value). */
export type ExpressionValue = string | readonly string[] | null;

/** Entra's boolean strings. */
export const TRUE = "True";
export const FALSE = "False";

export function fromBoolean(b: boolean): string {
  return b ? TRUE : FALSE;
}

/** A single string for a value: a list gives its first item; null stays null. */
export function singleValue(v: ExpressionValue): string | null {
  if (v === null || typeof v === "string") return v;
  return v[0] ?? null;
}

/** A value as a list of strings (null → [], a string → [it]). */
export function listValue(v: ExpressionValue): readonly string[] {
  if (v === null) return [];
  return typeof v === "string" ? [v] : v;
}

/** Whether a value is null or the empty string (or an empty list). */
export function isNullOrEmpty(v: ExpressionValue): boolean {
  if (v === null) return true;
  if (typeof v === "string") return v === "";
  return v.length === 0 || v.every((x) => x === "");
}

/**
 * A raw source value (Graph JSON) as an expression value: strings as they are ("" → null), numbers as text,
 * booleans as "True"/"False", lists as lists of those (empty → null); objects and anything else are null.
 */
export function toExpressionValue(raw: unknown): ExpressionValue {
  const scalar = (x: unknown): string | null => {
    if (typeof x === "string") return x === "" ? null : x;
    if (typeof x === "number" && Number.isFinite(x)) return String(x);
    if (typeof x === "boolean") return fromBoolean(x);
    if (typeof x === "bigint") return x.toString();
    return null;
  };
  if (Array.isArray(raw)) {
    const items = raw.map(scalar).filter((x): x is string => x !== null);
    return items.length === 0 ? null : items;
  }
  return scalar(raw);
}
