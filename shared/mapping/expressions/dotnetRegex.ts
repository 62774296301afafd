import { translateDotnetRegex } from "../../regex/translateDotnetRegex";
import { ExpressionEvaluationError } from "./ExpressionEvaluationError";

/**
 * A .NET regular expression as a JavaScript RegExp, through translateDotnetRegex (named groups in both spellings,
 * leading inline options, (?i:…), \A, \z, \Z, .NET's `$`, Unicode categories). Escapes JavaScript does not know
 * (such as `\@` in Entra's documented `.*\@domain.com`) stay literal. Throws ExpressionEvaluationError for an invalid
 * pattern or .NET syntax that has no JavaScript equivalent, saying which.
 */
export function dotnetRegex(pattern: string, flags = ""): RegExp {
  const translated = translateDotnetRegex(pattern);
  if (!translated.ok) {
    throw new ExpressionEvaluationError(
      `The regular expression ${JSON.stringify(pattern)} cannot be used: ${translated.reason}.`,
    );
  }
  try {
    return new RegExp(translated.source, [...new Set(translated.flags + flags)].join(""));
  } catch (e) {
    throw new ExpressionEvaluationError(
      `The regular expression ${JSON.stringify(pattern)} is invalid: ${e instanceof Error ? e.message : String(e)}.`,
    );
  }
}

/**
 * Expands a .NET replacement pattern for one match: `${name}` (named group), `$1`…`$99` (numbered group), `$0` and
 * `$&` (whole match), `$$` (a dollar). Anything else is literal.
 */
export function expandDotnetReplacement(template: string, match: RegExpExecArray): string {
  return template.replace(
    /\$(\$|&|\{([A-Za-z_][A-Za-z0-9_]*|\d+)\}|(\d{1,2}))/g,
    (all, what: string, braced?: string, digits?: string) => {
      if (what === "$") return "$";
      if (what === "&") return match[0];
      const key = braced ?? digits ?? "";
      if (/^\d+$/.test(key)) {
        const n = Number(key);
        return n < match.length ? (match[n] ?? "") : all;
      }
      const groups = match.groups ?? {};
      return Object.prototype.hasOwnProperty.call(groups, key) ? (groups[key] ?? "") : all;
    },
  );
}
