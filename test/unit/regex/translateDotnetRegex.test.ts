/** .NET regular expression syntax that Entra admins paste, translated to JavaScript: what matches, what is refused. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { replaceFunction } from "../../../shared/mapping/expressions/replaceFunction";
import { translateDotnetRegex } from "../../../shared/regex/translateDotnetRegex";
import { evaluateClause } from "../../../shared/scope/filters/evaluateClause";
import { scopingFilterProblems } from "../../../shared/scope/filters/scopingFilterProblems";

function matches(pattern: string, input: string): string | null {
  const t = translateDotnetRegex(pattern);
  if (!t.ok) throw new Error(t.reason);
  return new RegExp(t.source, t.flags).exec(input)?.[0] ?? null;
}

/** [pattern, input, what .NET's Regex.Match gives (the matched text, or null)] */
const behaviour: [string, string, string | null][] = [
  ["(?<user>[^@]+)@", "jsmith@contoso.com", "jsmith@"],
  ["(?'user'[^@]+)@", "jsmith@contoso.com", "jsmith@"],
  ["(?'q'['\"]).*\\k'q'", "say 'hi' now", "'hi'"],
  ["(?<q>x)\\k<q>", "axxb", "xx"],
  ["(?i)^SMITH$", "smith", "smith"],
  ["(?i)^SMITH$", "Smith\n", "Smith"],
  ["(?is)a.b", "A\nB", "A\nB"],
  ["(?m)^b$", "a\nb\nc", "b"],
  ["^b$", "a\nb\nc", null],
  ["^abc$", "abc\n", "abc"],
  ["^abc$", "abc\n\n", null],
  ["\\Aabc\\z", "abc", "abc"],
  ["\\Aabc\\z", "abc\n", null],
  ["\\Aabc\\Z", "abc\n", "abc"],
  ["(?m)\\Ab", "a\nb", null],
  ["x(?i:ab)y", "xABy", "xABy"],
  ["x(?i:ab)y", "xABY", null],
  ["(?i:[a-c]+)d", "AbCd", "AbCd"],
  ["(?<=@)[a-z.]+", "jsmith@contoso.com", "contoso.com"],
  ["(?<!\\d)\\d{3}(?!\\d)", "12345 678", "678"],
  ["a(?#a comment)b", "ab", "ab"],
  [".*\\@contoso.com", "jsmith@contoso.com", "jsmith@contoso.com"],
  ["^\\p{Lu}\\p{Ll}+\\@", "Émile@x", "Émile@"],
  ["[]a]+", "a]a", "a]a"],
];

const refused: [string, RegExp][] = [
  ["(?>a+)b", /atomic groups/],
  ["a++b", /possessive quantifiers/],
  ["a*+b", /possessive quantifiers/],
  ["(?(x)a|b)", /conditionals/],
  ["(?<open-close>a)", /balancing groups/],
  ["[a-z-[aeiou]]", /class subtraction/],
  ["\\Ga", /\\G/],
  ["(?x) a b", /\(\?x\)/],
  ["(?n)(a)", /\(\?n\)/],
  ["a(?i)b", /only translated at the very start/],
  ["a(?s:.)b", /scoped option \(\?s:…\)/],
  ["(?<1>a)", /not a valid name/],
  ["\\p{IsGreek}", /named block/],
  ["x".repeat(2001), /longer than 2000/],
];

void describe("translateDotnetRegex", () => {
  for (const [pattern, input, want] of behaviour) {
    void it(`${JSON.stringify(pattern)} on ${JSON.stringify(input)} → ${JSON.stringify(want)}`, () => {
      assert.equal(matches(pattern, input), want);
    });
  }
  for (const [pattern, reason] of refused) {
    void it(`refuses ${JSON.stringify(pattern.slice(0, 30))}`, () => {
      const t = translateDotnetRegex(pattern);
      assert.equal(t.ok, false);
      assert.match((t as { reason: string }).reason, reason);
    });
  }

  void it("Replace uses it: (?'name') group with regexGroupName, and a refusal is an evaluation error", () => {
    const base = { oldValue: null, regexGroupName: null, replacementAttribute: null, template: null };
    assert.equal(
      replaceFunction({
        ...base,
        source: "jsmith@contoso.com",
        regexPattern: "(?'Suffix'@.*)",
        regexGroupName: "Suffix",
        replacementValue: "",
      }),
      "jsmith",
    );
    assert.equal(
      replaceFunction({ ...base, source: "JSmith", regexPattern: "(?i)^j", replacementValue: "x" }),
      "xSmith",
    );
    assert.throws(
      () => replaceFunction({ ...base, source: "aab", regexPattern: "(?>a+)b", replacementValue: "" }),
      /cannot be used: atomic groups/,
    );
  });

  void it("scoping filters use it: REGEX MATCH with (?i), and validation names the untranslatable syntax", () => {
    assert.equal(
      evaluateClause({ attribute: "department", operator: "REGEX MATCH", value: "(?i)^sales$" }, "SALES"),
      true,
    );
    const problems = scopingFilterProblems([
      { name: "f", clauses: [{ attribute: "department", operator: "REGEX MATCH", value: "(?>a)" }] },
    ]);
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? "", /atomic groups/);
  });
});
