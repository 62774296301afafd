import { findTarget } from "./describeTarget";

/** Whether two mapped values are the same for this target (case-insensitive for userName and the work email). */
export function sameTargetValue(path: string, a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return findTarget(path)?.caseInsensitive === true ? a.toLowerCase() === b.toLowerCase() : a === b;
}
