/** Scoping filters: data model, evaluation and validation. Pure. */
export type { ScopingClause, ScopingFilter, ScopingOperator } from "./ScopingFilter";
export { SCOPING_OPERATORS, UNARY_SCOPING_OPERATORS } from "./ScopingFilter";
export type { FailingClause, ScopeEvaluation } from "./ScopeEvaluation";
export { clauseValue, evaluateClause } from "./evaluateClause";
export { evaluateScopingFilters } from "./evaluateScopingFilters";
export { scopingFilterProblems } from "./scopingFilterProblems";
