/**
 * A `limit` query parameter: absent → the default; otherwise an integer from 1 to `max`, or a problem sentence for a
 * 400 (nothing is read before the request is known to be bounded).
 */
export function parseLimit(value: string | null, fallback: number, max: number): number | { problem: string } {
  if (value === null || value === "") return fallback;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1 || Number(value) > max) {
    return { problem: `limit must be an integer from 1 to ${max}.` };
  }
  return Number(value);
}
