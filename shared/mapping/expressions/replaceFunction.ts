import { dotnetRegex, expandDotnetReplacement } from "./dotnetRegex";
import { ExpressionEvaluationError } from "./ExpressionEvaluationError";
import { RegexBudgetExceeded, withRegexBudget } from "../../regex/withRegexBudget";

/** Replace's arguments after evaluation (null = not provided / empty argument). */
export interface ReplaceArgs {
  source: string | null;
  oldValue: string | null;
  regexPattern: string | null;
  regexGroupName: string | null;
  replacementValue: string | null;
  /** The value of the replacement attribute (Entra passes the attribute itself, e.g. [mobile]). */
  replacementAttribute: string | null;
  template: string | null;
}

function given(v: string | null): v is string {
  return v !== null;
}

function replaceAll(source: string, oldValue: string, replacement: string): string {
  return oldValue === "" ? source : source.split(oldValue).join(replacement);
}

/** Replaces the span of group `group` inside every match of `re` in `source` with `replacement`. */
function replaceGroup(source: string, re: RegExp, group: string, replacement: string): string {
  const global = new RegExp(re.source, `${re.flags.replace(/[gd]/g, "")}gd`);
  let out = "";
  let last = 0;
  for (const m of source.matchAll(global)) {
    const span = m.indices?.groups?.[group];
    if (span === undefined) continue;
    out += source.slice(last, span[0]) + replacement;
    last = span[1];
  }
  return out + source.slice(last);
}

function hasGroup(re: RegExp, group: string): boolean {
  return new RegExp(`\\(\\?<${group.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}>`).test(re.source);
}

/**
 * Entra's Replace, case-sensitive, in the form chosen by which arguments are given:
 *
 * 1. regexPattern + regexGroupName + replacementAttributeName: the source when it has a value; otherwise the
 *    regexGroupName group of regexPattern matched against the replacement attribute (null when it does not match).
 * 2. regexPattern + regexGroupName + replacementValue: every regexGroupName group matched in the source becomes
 *    replacementValue (Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , ) → "jsmith").
 * 3. regexPattern + replacementValue: every match becomes replacementValue, where ${name} and $1 refer to groups
 *    (.NET replacement syntax).
 * 4. oldValue + template: every oldValue in template becomes the source.
 * 5. oldValue + replacementValue: every oldValue in the source becomes replacementValue.
 *
 * Returns null when the source is null (except form 1). Throws ExpressionEvaluationError for an invalid pattern, a
 * group name the pattern does not define, or a combination of arguments that matches no form.
 */
export function replaceFunction(a: ReplaceArgs): string | null {
  const pattern = a.regexPattern;
  if (given(pattern)) {
    // A pattern from a mapping file or a candidate sent to /api/plan runs under a time budget (never a blocked loop).
    try {
      return withRegexBudget(pattern, () => replaceWithRegex(a, pattern));
    } catch (e) {
      if (e instanceof RegexBudgetExceeded) throw new ExpressionEvaluationError(`Replace: ${e.message}`);
      throw e;
    }
  }
  return replaceLiteral(a);
}

function replaceWithRegex(a: ReplaceArgs, regexPattern: string): string | null {
  const re = dotnetRegex(regexPattern);
  if (given(a.regexGroupName) && !hasGroup(re, a.regexGroupName)) {
    throw new ExpressionEvaluationError(
      `Replace: the pattern ${JSON.stringify(regexPattern)} has no group named ${JSON.stringify(a.regexGroupName)}.`,
    );
  }
  if (given(a.regexGroupName) && !given(a.replacementValue)) {
    if (a.source !== null && a.source !== "") return a.source;
    if (a.replacementAttribute === null) return null;
    const m = re.exec(a.replacementAttribute);
    return m?.groups?.[a.regexGroupName] ?? null;
  }
  if (a.source === null) return null;
  if (given(a.regexGroupName) && given(a.replacementValue)) {
    return replaceGroup(a.source, re, a.regexGroupName, a.replacementValue);
  }
  if (given(a.replacementValue)) {
    const replacement = a.replacementValue;
    const global = new RegExp(re.source, `${re.flags.replace("g", "")}g`);
    let out = "";
    let last = 0;
    for (const m of a.source.matchAll(global)) {
      out += a.source.slice(last, m.index) + expandDotnetReplacement(replacement, m);
      last = m.index + m[0].length;
    }
    return out + a.source.slice(last);
  }
  throw new ExpressionEvaluationError("Replace with regexPattern needs replacementValue or replacementAttributeName.");
}

function replaceLiteral(a: ReplaceArgs): string | null {
  if (given(a.oldValue)) {
    if (given(a.template)) return a.source === null ? null : replaceAll(a.template, a.oldValue, a.source);
    if (a.source === null) return null;
    return replaceAll(a.source, a.oldValue, a.replacementValue ?? "");
  }
  throw new ExpressionEvaluationError("Replace needs oldValue or regexPattern (its second or third argument).");
}
