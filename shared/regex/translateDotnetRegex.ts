/** A .NET pattern as JavaScript RegExp source and flags, or the reason it cannot be translated. */
export type TranslatedRegex = { ok: true; source: string; flags: string } | { ok: false; reason: string };

/** The longest pattern translated (a mapping or filter pattern; longer ones are refused, not scanned). */
export const MAX_DOTNET_PATTERN_LENGTH = 2000;

/** Characters that must stay escaped in a JavaScript `u` pattern; any other escaped punctuation becomes literal. */
const SYNTAX_CHARACTERS = "^$\\.*+?()[]{}|/-";

const END_OF_STRING = "(?![\\s\\S])";
const START_OF_STRING = "(?<![\\s\\S])";
/** .NET's `\Z` and (without RegexOptions.Multiline) `$`: the end, or before a final "\n". */
const END_OR_BEFORE_FINAL_NEWLINE = "(?=\\n?(?![\\s\\S]))";

function refuse(reason: string): TranslatedRegex {
  return { ok: false, reason };
}

/** A letter's two cases as a character class body, for `(?i:…)` (which JavaScript before ES2025 lacks). */
function bothCases(c: string): string {
  const lower = c.toLowerCase();
  const upper = c.toUpperCase();
  return lower === upper || lower.length !== 1 || upper.length !== 1 ? c : `${lower}${upper}`;
}

/**
 * Translates the .NET regular expression syntax Entra admins paste into JavaScript:
 *
 * - `(?<name>…)` (already JavaScript) and `(?'name'…)`, `\k<name>` and `\k'name'`;
 * - inline options at the very start, `(?i)`, `(?m)`, `(?s)` or a combination such as `(?is)`, become flags;
 *   a scoped `(?i:…)` is expanded (each letter matches both cases); `(?#comment)` is dropped;
 * - `\A` → start of string, `\z` → end of string, `\Z` and `$` (without `(?m)`) → end or before a final newline,
 *   as in .NET; lookbehind `(?<=…)`/`(?<!…)` is the same in both;
 * - `\p{L}`-style Unicode categories switch the pattern to JavaScript's `u` mode (escaped punctuation such as `\@`
 *   becomes literal, which `u` mode would reject).
 *
 * Refused with a reason (never silently changed): atomic groups `(?>…)` and possessive quantifiers, conditionals
 * `(?(…)…)`, balancing groups `(?<a-b>…)`, character class subtraction `[a-z-[aeiou]]`, `\G`, `(?x)`, `(?n)`,
 * inline options that are not at the start (other than `(?i:…)`), numeric group names and .NET named blocks
 * (`\p{IsGreek}`).
 *
 * Differences that remain (documented in the README): `\d`, `\w` and `\s` are ASCII in JavaScript but Unicode in
 * .NET; `.` matches "\r" in .NET but not in JavaScript; case-insensitive matching follows JavaScript's case folding.
 */
export function translateDotnetRegex(pattern: string): TranslatedRegex {
  if (pattern.length > MAX_DOTNET_PATTERN_LENGTH) {
    return refuse(`it is longer than ${MAX_DOTNET_PATTERN_LENGTH} characters`);
  }
  const flags = new Set<string>();
  let i = 0;
  const leading = /^\(\?([imsxn]+)\)/.exec(pattern);
  if (leading) {
    for (const f of leading[1] ?? "") {
      if (f === "x") return refuse("(?x) (ignore pattern whitespace) has no JavaScript equivalent; remove the spaces");
      if (f === "n") return refuse("(?n) (explicit capture) has no JavaScript equivalent; use (?:…) groups");
      flags.add(f);
    }
    i = leading[0].length;
  }
  const unicode = /\\[pP]\{/.test(pattern);
  let out = "";
  let inClass = false;
  /** Depths (in the group stack) of groups that are case-insensitive through (?i:…). */
  const groups: boolean[] = [];
  const caseless = (): boolean => groups.includes(true);
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === "\\") {
      const n = pattern.charAt(i + 1);
      if (n === "") return refuse("it ends with a lone backslash");
      if (!inClass && n === "A") out += START_OF_STRING;
      else if (!inClass && n === "z") out += END_OF_STRING;
      else if (!inClass && n === "Z") out += END_OR_BEFORE_FINAL_NEWLINE;
      else if (n === "G") return refuse("\\G (contiguous match) has no JavaScript equivalent");
      else if (n === "k" && (pattern.charAt(i + 2) === "'" || pattern.charAt(i + 2) === "<")) {
        const close = pattern.charAt(i + 2) === "'" ? "'" : ">";
        const end = pattern.indexOf(close, i + 3);
        if (end === -1) return refuse("a \\k group reference is not closed");
        out += `\\k<${pattern.slice(i + 3, end)}>`;
        i = end + 1;
        continue;
      } else if ((n === "p" || n === "P") && pattern.charAt(i + 2) === "{") {
        const end = pattern.indexOf("}", i + 3);
        if (end === -1) return refuse("a \\p{…} category is not closed");
        const name = pattern.slice(i + 3, end);
        if (name.startsWith("Is")) return refuse(`the .NET named block \\p{${name}} has no JavaScript equivalent`);
        out += `\\${n}{${name}}`;
        i = end + 1;
        continue;
      } else if (unicode && !/[A-Za-z0-9]/.test(n) && !SYNTAX_CHARACTERS.includes(n)) {
        out += n; // an identity escape such as \@ is literal in .NET and an error in JavaScript's u mode
      } else out += c + n;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === "[" && pattern.charAt(i - 1) === "-") {
        return refuse("character class subtraction ([a-z-[aeiou]]) has no JavaScript equivalent");
      }
      if (c === "]") inClass = false;
      out += caseless() && /[A-Za-z]/.test(c) ? caseRange(pattern, i) : c;
      if (caseless() && /[A-Za-z]/.test(c) && pattern.charAt(i + 1) === "-" && /[A-Za-z]/.test(pattern.charAt(i + 2))) {
        i += 3;
        continue;
      }
      i++;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      i++;
      if (pattern.charAt(i) === "^") {
        out += "^";
        i++;
      }
      if (pattern.charAt(i) === "]") {
        out += "\\]"; // "[]…]" and "[^]…]": a leading "]" is literal in .NET
        i++;
      }
      continue;
    }
    if (c === "(") {
      if (pattern.charAt(i + 1) !== "?") {
        groups.push(false);
        out += c;
        i++;
        continue;
      }
      const rest = pattern.slice(i + 2);
      if (rest.startsWith("#")) {
        const end = pattern.indexOf(")", i);
        if (end === -1) return refuse("a (?#…) comment is not closed");
        i = end + 1;
        continue;
      }
      if (rest.startsWith(">")) return refuse("atomic groups (?>…) have no JavaScript equivalent");
      if (rest.startsWith("(")) return refuse("conditionals (?(…)…|…) have no JavaScript equivalent");
      const quoted = /^'([^'>]*)'/.exec(rest) ?? /^<([^>=!][^>]*)>/.exec(rest);
      if (quoted) {
        const name = quoted[1] ?? "";
        if (name.includes("-")) return refuse(`balancing groups (?<${name}>…) have no JavaScript equivalent`);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
          return refuse(
            `the group name ${JSON.stringify(name)} is not a valid name in JavaScript (use letters, digits and _, not starting with a digit)`,
          );
        groups.push(false);
        out += `(?<${name}>`;
        i += 2 + quoted[0].length;
        continue;
      }
      const scoped = /^([imsxn-]+):/.exec(rest);
      if (scoped) {
        if (scoped[1] !== "i") {
          return refuse(
            `the scoped option (?${scoped[1] ?? ""}:…) has no JavaScript equivalent (only (?i:…) is translated)`,
          );
        }
        groups.push(true);
        out += "(?:";
        i += 2 + scoped[0].length;
        continue;
      }
      if (/^[imsxn-]+\)/.test(rest)) {
        return refuse("inline options such as (?i) are only translated at the very start of the pattern");
      }
      groups.push(false);
      out += c;
      i++;
      continue;
    }
    if (c === ")") {
      groups.pop();
      out += c;
      i++;
      continue;
    }
    if ((c === "+" || c === "*" || c === "?" || c === "}") && pattern.charAt(i + 1) === "+") {
      return refuse("possessive quantifiers (a++, a*+) have no JavaScript equivalent");
    }
    if (c === "$" && !flags.has("m")) {
      out += END_OR_BEFORE_FINAL_NEWLINE;
      i++;
      continue;
    }
    out += caseless() && /[A-Za-z]/.test(c) ? `[${bothCases(c)}]` : c;
    i++;
  }
  if (unicode) flags.add("u");
  return { ok: true, source: out, flags: [...flags].sort().join("") };
}

/** Inside a (?i:…) class: a letter, or a letter range a-z, with its other case added. */
function caseRange(pattern: string, i: number): string {
  const from = pattern.charAt(i);
  if (pattern.charAt(i + 1) === "-" && /[A-Za-z]/.test(pattern.charAt(i + 2))) {
    const to = pattern.charAt(i + 2);
    return `${from}-${to}${from.toLowerCase() === from ? from.toUpperCase() : from.toLowerCase()}-${to.toLowerCase() === to ? to.toUpperCase() : to.toLowerCase()}`;
  }
  return bothCases(from);
}
