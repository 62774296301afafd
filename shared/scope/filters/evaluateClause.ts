import { translateDotnetRegex } from "../../regex/translateDotnetRegex";
import { withRegexBudget } from "../../regex/withRegexBudget";
import type { ScopingClause } from "./ScopingFilter";

const INTEGER = /^-?\d+$/;

function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const lower = v.trim().toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
  }
  return undefined;
}

/**
 * The value a clause compares: strings as they are ("" is empty), numbers as text, booleans as "True"/"False",
 * lists (multi-valued attributes, which Entra does not support in filters) as lists; absent/null as null.
 */
export function clauseValue(raw: unknown): string | readonly string[] | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === "string") return raw === "" ? null : raw;
  if (typeof raw === "number" && Number.isFinite(raw)) return String(raw);
  if (typeof raw === "boolean") return raw ? "True" : "False";
  if (Array.isArray(raw)) return raw.length === 0 ? null : raw.map((x) => String(x));
  return null;
}

/**
 * REGEX MATCH under the regex time budget. A pattern that blows it throws RegexBudgetExceeded: the user's run fails
 * (recorded, nothing changed) rather than the clause deciding "no match", which could take the user out of scope.
 */
function regexTest(pattern: string, value: string): boolean {
  let re: RegExp;
  const translated = translateDotnetRegex(pattern);
  if (!translated.ok) return false;
  try {
    re = new RegExp(translated.source, translated.flags);
  } catch {
    // validateScopingFilters rejects invalid patterns up front; at run time an invalid one matches nothing.
    return false;
  }
  return withRegexBudget(pattern, () => re.test(value));
}

/**
 * Whether one clause holds for a raw attribute value, with Entra's semantics:
 *
 * - every operator is false for an empty (null, absent, "") value, except IS NULL (true) and IS NOT NULL (false);
 * - multi-valued attributes are not supported: every operator except IS NULL / IS NOT NULL is false for a list;
 * - EQUALS, NOT EQUALS, Includes, ENDS_WITH, REGEX MATCH, NOT REGEX MATCH are case-sensitive; REGEX MATCH finds the
 *   pattern anywhere in the value (.NET Regex.IsMatch), NOT REGEX MATCH is its negation;
 * - IS TRUE / IS FALSE accept a boolean or the strings "true"/"false" in any case;
 * - Greater_Than / Greater_Than_OR_EQUALS compare integers; a non-integer value or attribute makes the clause false;
 * - & is true when the value is one of the comma-separated strings of the clause value (items trimmed), !& when not.
 */
export function evaluateClause(clause: ScopingClause, raw: unknown): boolean {
  const v = clauseValue(raw);
  if (clause.operator === "IS NULL") return v === null;
  if (clause.operator === "IS NOT NULL") return v !== null;
  if (v === null || typeof v !== "string") return false;
  const want = clause.value ?? "";
  switch (clause.operator) {
    case "EQUALS":
      return v === want;
    case "NOT EQUALS":
      return v !== want;
    case "IS TRUE":
      return asBoolean(raw) === true;
    case "IS FALSE":
      return asBoolean(raw) === false;
    case "REGEX MATCH":
      return regexTest(want, v);
    case "NOT REGEX MATCH":
      return !regexTest(want, v);
    case "Includes":
      return v.includes(want);
    case "ENDS_WITH":
      return v.endsWith(want);
    case "Greater_Than":
    case "Greater_Than_OR_EQUALS": {
      if (!INTEGER.test(v.trim()) || !INTEGER.test(want.trim())) return false;
      const a = BigInt(v.trim());
      const b = BigInt(want.trim());
      return clause.operator === "Greater_Than" ? a > b : a >= b;
    }
    case "&":
    case "!&": {
      const listed = want
        .split(",")
        .map((s) => s.trim())
        .includes(v);
      return clause.operator === "&" ? listed : !listed;
    }
    default:
      return false;
  }
}
