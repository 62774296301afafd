import { percentile } from "./percentile";

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

/** Pure: count, median, 95th percentile (nearest rank) and maximum of latencies in ms; undefined for none. */
export function summarizeLatencies(latenciesMs: readonly number[]): LatencySummary | undefined {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const max = sorted[sorted.length - 1];
  if (p50 === undefined || p95 === undefined || max === undefined) return undefined;
  return { count: sorted.length, p50, p95, max };
}
