import type { GraphUser } from "../graph/GraphUser";
import type { UserMapping } from "../mapping/AttributeMapping";
import { evaluateScopingFilters } from "../scope/filters";
import type { UserScopeDecision } from "../scope/UserScope";

/**
 * Narrows an assignment-based scope decision with the mapping's scoping filters (filters ORed, clauses ANDed). A user who
 * stops matching leaves scope, and the decision names the failing clause and the value it saw. Pure.
 */
export function applyScopingFilters(
  assigned: UserScopeDecision,
  mapping: UserMapping,
  user: GraphUser,
): UserScopeDecision {
  const filters = mapping.scopingFilters ?? [];
  if (!assigned.inScope || filters.length === 0) return assigned;
  const verdict = evaluateScopingFilters(filters, user);
  if (verdict.inScope) {
    const name = verdict.passedFilterIndex !== undefined ? filters[verdict.passedFilterIndex]?.name : undefined;
    return { ...assigned, paths: [...assigned.paths, `matches scoping filter ${name ? `"${name}"` : "1"}`] };
  }
  const { filterIndex, clause, actualValue } = verdict.failing;
  const filterName = filters[filterIndex]?.name ?? `#${filterIndex + 1}`;
  const seen = actualValue === null ? "empty" : JSON.stringify(actualValue);
  return {
    inScope: false,
    paths: [],
    excludedBy:
      `the user no longer matches the scoping filter ${filterName}: ${clause.attribute} ${clause.operator}` +
      `${clause.value !== undefined ? ` ${JSON.stringify(clause.value)}` : ""} is false (the value is ${seen})`,
  };
}
