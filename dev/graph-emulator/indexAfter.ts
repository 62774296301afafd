/** Where the ids after `after` begin in an ascending list (`inclusive`: `after` itself too). */
export function indexAfter(sorted: readonly string[], after: string, inclusive = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const id = sorted[mid] ?? "";
    if (id < after || (!inclusive && id === after)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
