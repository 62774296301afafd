import type { GraphUser } from "../../graph/GraphUser";
import type { SourceContext } from "../../mapping/readUserAttribute";
import { readUserAttribute } from "../../mapping/readUserAttribute";
import { clauseValue, evaluateClause } from "./evaluateClause";
import type { FailingClause, ScopeEvaluation } from "./ScopeEvaluation";
import type { ScopingFilter } from "./ScopingFilter";

/**
 * Evaluates scoping filters for one user (filters ORed, clauses ANDed; see evaluateClause for each operator).
 * No filters → in scope. Attribute names resolve like mapping sources (case-insensitive, extensionAttribute1…15,
 * Entra aliases, [IsSoftDeleted] from the context). Pure.
 */
export function evaluateScopingFilters(
  filters: readonly ScopingFilter[],
  user: GraphUser,
  context: SourceContext = {},
): ScopeEvaluation {
  if (filters.length === 0) return { inScope: true };
  const failures: FailingClause[] = [];
  for (const [filterIndex, filter] of filters.entries()) {
    let failed: FailingClause | undefined;
    for (const clause of filter.clauses) {
      const raw = readUserAttribute(user, clause.attribute, context);
      if (!evaluateClause(clause, raw)) {
        failed = { filterIndex, clause, actualValue: clauseValue(raw) };
        break;
      }
    }
    if (failed === undefined) return { inScope: true, passedFilterIndex: filterIndex };
    failures.push(failed);
  }
  const [first] = failures;
  // filters is non-empty and every filter failed, so `first` exists.
  return { inScope: false, failing: first as FailingClause, failures };
}
