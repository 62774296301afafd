/**
 * Scoping filters as data, with Entra's operator names. A user is in scope when ANY filter passes; a filter passes
 * when ALL its clauses are true. No filters at all means everyone (who is assigned) is in scope.
 */

/** Entra's documented scoping operators, spelled exactly as Entra spells them. */
export type ScopingOperator =
  | "EQUALS"
  | "NOT EQUALS"
  | "IS TRUE"
  | "IS FALSE"
  | "IS NULL"
  | "IS NOT NULL"
  | "REGEX MATCH"
  | "NOT REGEX MATCH"
  | "Includes"
  | "ENDS_WITH"
  | "Greater_Than"
  | "Greater_Than_OR_EQUALS"
  | "&"
  | "!&";

export const SCOPING_OPERATORS: readonly ScopingOperator[] = [
  "EQUALS",
  "NOT EQUALS",
  "IS TRUE",
  "IS FALSE",
  "IS NULL",
  "IS NOT NULL",
  "REGEX MATCH",
  "NOT REGEX MATCH",
  "Includes",
  "ENDS_WITH",
  "Greater_Than",
  "Greater_Than_OR_EQUALS",
  "&",
  "!&",
];

/** Operators that take no value. */
export const UNARY_SCOPING_OPERATORS: readonly ScopingOperator[] = ["IS TRUE", "IS FALSE", "IS NULL", "IS NOT NULL"];

/** One condition on one source attribute (a Graph user property name, matched case-insensitively). */
export interface ScopingClause {
  attribute: string;
  operator: ScopingOperator;
  /** Required by every operator except IS TRUE / IS FALSE / IS NULL / IS NOT NULL. */
  value?: string;
}

/** One scoping filter: its clauses are ANDed. `name` is Entra's "Scoping Filter Title" (optional). */
export interface ScopingFilter {
  name?: string;
  clauses: ScopingClause[];
}
