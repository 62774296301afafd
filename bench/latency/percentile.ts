/**
 * Pure: the nearest-rank percentile of values sorted ascending (p in 0–100): the smallest value with at least p % of
 * the values at or below it. Undefined for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`A percentile is between 0 and 100, not ${p}.`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}
