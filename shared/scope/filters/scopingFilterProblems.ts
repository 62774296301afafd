import { translateDotnetRegex } from "../../regex/translateDotnetRegex";
import { sourceAttributeRef } from "../../mapping/sourceAttributeNames";
import type { ScopingFilter } from "./ScopingFilter";
import { SCOPING_OPERATORS, UNARY_SCOPING_OPERATORS } from "./ScopingFilter";

/** Attributes Entra does not support in scoping filters (references, multi-valued) and that we cannot evaluate. */
const UNSUPPORTED: ReadonlyMap<string, string> = new Map([
  ["manager", "a reference to another user"],
  ["appRoleAssignments".toLowerCase(), "multi-valued"],
  ["memberOf".toLowerCase(), "group membership (IsMemberOf is not supported; assign the group instead)"],
  ["members", "group membership"],
  ["businessphones", "multi-valued"],
  ["othermails", "multi-valued"],
  ["proxyaddresses", "multi-valued"],
  ["imaddresses", "multi-valued"],
]);

/**
 * Every problem with a list of scoping filters, as admin-readable sentences naming the filter and clause (1-based):
 * unknown operator, missing value, a value on IS TRUE/IS FALSE/IS NULL/IS NOT NULL, non-integer values for
 * Greater_Than(_OR_EQUALS), invalid regular expressions, empty filters and unsupported attributes.
 */
export function scopingFilterProblems(filters: readonly ScopingFilter[]): string[] {
  const problems: string[] = [];
  for (const [f, filter] of filters.entries()) {
    const fname = `Scoping filter ${f + 1}${filter.name ? ` (${JSON.stringify(filter.name)})` : ""}`;
    if (filter.clauses.length === 0) problems.push(`${fname} has no clauses; remove it or add a clause.`);
    for (const [c, clause] of filter.clauses.entries()) {
      const where = `${fname}, clause ${c + 1}`;
      if (clause.attribute.trim() === "") problems.push(`${where} has an empty attribute name.`);
      const ref = sourceAttributeRef(clause.attribute);
      const unsupported = ref.kind === "property" ? UNSUPPORTED.get(ref.property.toLowerCase()) : undefined;
      if (unsupported !== undefined || (ref.kind === "context" && ref.name === "appRoleAssignments")) {
        problems.push(
          `${where} filters on ${JSON.stringify(clause.attribute)}, which scoping filters cannot use (${unsupported ?? "multi-valued"}).`,
        );
      }
      if (!SCOPING_OPERATORS.includes(clause.operator)) {
        problems.push(
          `${where} has operator ${JSON.stringify(clause.operator)}; use one of ${SCOPING_OPERATORS.map((o) => JSON.stringify(o)).join(", ")}.`,
        );
        continue;
      }
      const unary = UNARY_SCOPING_OPERATORS.includes(clause.operator);
      if (unary && clause.value !== undefined && clause.value !== "") {
        problems.push(`${where}: ${clause.operator} takes no value; remove ${JSON.stringify(clause.value)}.`);
      }
      if (!unary && clause.value === undefined) problems.push(`${where}: ${clause.operator} needs a value.`);
      const value = clause.value ?? "";
      if (
        (clause.operator === "Greater_Than" || clause.operator === "Greater_Than_OR_EQUALS") &&
        !/^\s*-?\d+\s*$/.test(value)
      ) {
        problems.push(`${where}: ${clause.operator} compares integers, but the value is ${JSON.stringify(value)}.`);
      }
      if (clause.operator === "REGEX MATCH" || clause.operator === "NOT REGEX MATCH") {
        try {
          const translated = translateDotnetRegex(value);
          if (!translated.ok) throw new Error(`.NET syntax with no JavaScript equivalent: ${translated.reason}`);
          new RegExp(translated.source, translated.flags);
        } catch (e) {
          problems.push(
            `${where}: ${JSON.stringify(value)} is not a valid regular expression (${e instanceof Error ? e.message : String(e)}).`,
          );
        }
      }
    }
  }
  return problems;
}
