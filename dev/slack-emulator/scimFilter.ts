import type { Filter } from "scim2-parse-filter";
import { parse } from "scim2-parse-filter";
import { ScimError } from "./ScimError";

/** Values of one (lower-cased) attribute on a resource; undefined when the attribute is not filterable. */
export type AttributeValues = (attribute: string) => (string | boolean | null)[] | undefined;

/**
 * Compiles a SCIM filter (eq ne co sw ew gt ge lt le pr, and/or/not, parentheses) into a predicate. Attribute names and
 * string comparisons are case-insensitive, as Slack documents. A malformed filter is Slack's
 * `no_filters (is_aggregate_call=1)`; an attribute Slack cannot filter on is `invalid_query`.
 */
export function compileFilter<T>(
  text: string,
  valuesOf: (resource: T) => AttributeValues,
  known: readonly string[],
): (resource: T) => boolean {
  return filterPredicate(parseFilter(text, known), valuesOf);
}

/** The parsed filter, with compileFilter's errors: for callers that look at its shape first (e.g. to use an index). */
export function parseFilter(text: string, known: readonly string[]): Filter {
  let ast: Filter;
  try {
    ast = parse(text);
  } catch {
    throw new ScimError(400, "no_filters", "is_aggregate_call=1");
  }
  check(ast, known);
  return ast;
}

/** The predicate of a filter parsed by parseFilter. */
export function filterPredicate<T>(ast: Filter, valuesOf: (resource: T) => AttributeValues): (resource: T) => boolean {
  return (resource) => evaluate(ast, valuesOf(resource));
}

function check(f: Filter, known: readonly string[]): void {
  switch (f.op) {
    case "and":
    case "or":
      f.filters.forEach((x) => check(x, known));
      return;
    case "not":
      check(f.filter, known);
      return;
    case "[]":
      throw new ScimError(400, "invalid_query", `filter=${f.attrPath}[...]`);
    default:
      if (!known.includes(f.attrPath.toLowerCase()))
        throw new ScimError(400, "invalid_query", `attribute=${f.attrPath}`);
  }
}

function norm(v: string | boolean | number | null): string | null {
  return v === null ? null : String(v).toLowerCase();
}

function evaluate(f: Filter, values: AttributeValues): boolean {
  switch (f.op) {
    case "and":
      return f.filters.every((x) => evaluate(x, values));
    case "or":
      return f.filters.some((x) => evaluate(x, values));
    case "not":
      return !evaluate(f.filter, values);
    case "[]":
      return false;
    case "pr":
      return (values(f.attrPath.toLowerCase()) ?? []).some((v) => v !== null && v !== "");
    default: {
      const want = norm(f.compValue);
      const op = f.op;
      return (values(f.attrPath.toLowerCase()) ?? []).some((raw) => {
        const have = norm(raw);
        if (op === "eq") return have === want;
        if (op === "ne") return have !== want;
        if (have === null || want === null) return false;
        switch (op) {
          case "co":
            return have.includes(want);
          case "sw":
            return have.startsWith(want);
          case "ew":
            return have.endsWith(want);
          case "gt":
            return have > want;
          case "ge":
            return have >= want;
          case "lt":
            return have < want;
          case "le":
            return have <= want;
        }
      });
    }
  }
}
