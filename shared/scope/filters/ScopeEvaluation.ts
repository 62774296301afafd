import type { ScopingClause } from "./ScopingFilter";

/** The clause that kept a user out of one filter, and the value it saw (null: empty; serialisable). */
export interface FailingClause {
  /** 0-based position of the filter in the list. */
  filterIndex: number;
  clause: ScopingClause;
  actualValue: string | readonly string[] | null;
}

/**
 * The verdict of the scoping filters for one user. When out of scope, `failing` is the first failing clause of the
 * first filter (what an activity record shows), and `failures` has one entry per filter.
 */
export type ScopeEvaluation =
  { inScope: true; passedFilterIndex?: number } | { inScope: false; failing: FailingClause; failures: FailingClause[] };
