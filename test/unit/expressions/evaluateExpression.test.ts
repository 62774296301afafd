import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import { evaluateExpression } from "../../../shared/mapping/expressions/evaluateExpression";
import type { ExpressionResult } from "../../../shared/mapping/expressions/ExpressionResult";
import { parseExpression } from "../../../shared/mapping/expressions/parseExpression";
import { printExpression, quoteExpressionString } from "../../../shared/mapping/expressions/printExpression";

function run(
  expression: string,
  props: Record<string, unknown> = {},
  extra: { roles?: string[]; guid?: string } = {},
): ExpressionResult {
  const user: GraphUser = { id: "u1", ...props };
  return evaluateExpression(parseExpression(expression), {
    user,
    ...(extra.roles ? { appRoleAssignments: extra.roles.map((value) => ({ value })) } : {}),
    ...(extra.guid ? { newGuid: () => extra.guid ?? "" } : {}),
  });
}

const value = (v: string | readonly string[]): ExpressionResult => ({ kind: "value", value: v });
const nullOf = (...emptyAttributes: string[]): ExpressionResult => ({ kind: "null", emptyAttributes });

void describe("evaluateExpression: nulls, values and errors (table)", () => {
  const cases: {
    name: string;
    expression: string;
    user?: Record<string, unknown>;
    want: ExpressionResult | RegExp;
    extra?: { roles?: string[]; guid?: string };
  }[] = [
    { name: "empty attribute → null naming it", expression: "[department]", want: nullOf("department") },
    {
      name: "explicit null attribute",
      expression: "[department]",
      user: { department: null },
      want: nullOf("department"),
    },
    {
      name: "empty-string attribute is empty",
      expression: "[department]",
      user: { department: "" },
      want: nullOf("department"),
    },
    {
      name: "Append with a null source stays null",
      expression: 'Append([department], "-x")',
      want: nullOf("department"),
    },
    {
      name: "Append with a null suffix",
      expression: "Append([givenName], [surname])",
      user: { givenName: "A" },
      want: value("A"),
    },
    {
      name: "Join of only empty sources → null",
      expression: 'Join(" ", [givenName], [surname])',
      want: nullOf("givenName", "surname"),
    },
    {
      name: "Join joins every value of a multi-valued attribute",
      expression: 'Join(";", [otherMails])',
      user: { otherMails: ["a@x", "b@x"] },
      want: value("a@x;b@x"),
    },
    { name: "Join with a number argument", expression: 'Join("", 1000, "7")', want: value("10007") },
    {
      name: "Coalesce falls through to a constant default",
      expression: 'Coalesce([mail], [otherMail], "none")',
      want: value("none"),
    },
    { name: "Coalesce all null → null", expression: "Coalesce([mail], [upn])", want: nullOf("mail", "upn") },
    { name: "Coalesce keeps the empty string constant", expression: 'Coalesce([mail], "")', want: value("") },
    {
      name: "Switch without default and no match → null",
      expression: 'Switch([state], , "NSW", "x")',
      user: { state: "QLD" },
      want: nullOf(),
    },
    {
      name: "Switch is case-sensitive",
      expression: 'Switch([state], "d", "nsw", "x")',
      user: { state: "NSW" },
      want: value("d"),
    },
    {
      name: 'IIF with null attribute: [a]="" is true (Entra fails here)',
      expression: 'IIF([country]="","Other",[country])',
      want: value("Other"),
    },
    {
      name: "IIF with IsPresent",
      expression: 'IIF(IsPresent([country]),[country],"Other")',
      user: { country: "DE" },
      want: value("DE"),
    },
    {
      name: "IIF with IsNullOrEmpty on empty",
      expression: 'IIF(IsNullOrEmpty([country]),"Other",[country])',
      want: value("Other"),
    },
    {
      name: "IIF with And/Or",
      expression: 'IIF(And([a]="x", Or([b]="y",[c]="z")), "yes", "no")',
      user: { a: "x", c: "z" },
      want: value("yes"),
    },
    {
      name: "IIF with And false",
      expression: 'IIF(And([a]="x", Or([b]="y",[c]="z")), "yes", "no")',
      user: { a: "x", c: "q" },
      want: value("no"),
    },
    { name: "<> comparison", expression: 'IIF([a]<>"x", "diff", "same")', user: { a: "y" }, want: value("diff") },
    { name: "numeric > comparison", expression: 'IIF([n] > 5, "big", "small")', user: { n: 10 }, want: value("big") },
    {
      name: "numeric compare is not lexical",
      expression: 'IIF([n] >= 9, "big", "small")',
      user: { n: "10" },
      want: value("big"),
    },
    { name: "< with an empty side is false", expression: 'IIF([n] < 5, "lt", "no")', want: value("no") },
    { name: "comparison at top level", expression: '[a]="x"', user: { a: "x" }, want: value("True") },
    {
      name: "IIF condition must be boolean",
      expression: 'IIF([a], "y", "n")',
      user: { a: "maybe" },
      want: /condition evaluated to "maybe"/,
    },
    { name: "IIF only evaluates the chosen branch", expression: 'IIF("True", "ok", Item([x], 0))', want: value("ok") },
    { name: "Not", expression: 'Not("True")', want: value("False") },
    {
      name: "Not of a Graph boolean",
      expression: "Not([accountEnabled])",
      user: { accountEnabled: false },
      want: value("True"),
    },
    { name: "Not of null stays null", expression: "Not([flag])", want: nullOf("flag") },
    { name: "IsNull", expression: "IsNull([displayName])", want: value("True") },
    { name: "IsNull of an empty string constant", expression: 'IsNull("")', want: value("False") },
    { name: "IsNullOrEmpty of empty string", expression: 'IsNullOrEmpty("")', want: value("True") },
    { name: "IsPresent", expression: "IsPresent([displayName])", user: { displayName: "A" }, want: value("True") },
    { name: "IsString", expression: "IsString([displayName])", user: { displayName: "A" }, want: value("True") },
    { name: "ToLower invariant", expression: 'ToLower("ÀÉÎ İ")', want: value("àéî i̇") },
    { name: "ToLower with a Turkish culture", expression: 'ToLower("I", "tr-TR")', want: value("ı") },
    { name: "ToUpper with culture", expression: 'ToUpper("i", "tr-TR")', want: value("İ") },
    { name: "ToUpper ß", expression: 'ToUpper("straße")', want: value("STRASSE") },
    { name: "ToLower with a bad culture", expression: 'ToLower("A", "not a culture!")', want: /not a culture name/ },
    { name: "StripSpaces removes only spaces", expression: 'StripSpaces(" a b\tc ")', want: value("ab\tc") },
    {
      name: "Item out of range → null",
      expression: "Item([businessPhones], 3)",
      user: { businessPhones: ["1"] },
      want: nullOf(),
    },
    {
      name: "Item 0 is an error",
      expression: "Item([businessPhones], 0)",
      user: { businessPhones: ["1"] },
      want: /numbered from 1/,
    },
    { name: "Item of a Split", expression: 'Item(Split("a,b,c", ","), 2)', want: value("b") },
    {
      name: "Item index must be an integer",
      expression: 'Item([businessPhones], "x")',
      user: { businessPhones: ["1"] },
      want: /index must be an integer/,
    },
    { name: "Count", expression: "Count([businessPhones])", user: { businessPhones: ["1", "2"] }, want: value("2") },
    {
      name: "RemoveDuplicates",
      expression: "RemoveDuplicates([otherMails])",
      user: { otherMails: ["a", "b", "a"] },
      want: value(["a", "b"]),
    },
    { name: "Left of null is empty", expression: "Left([givenName], 2)", want: value("") },
    { name: "Left with negative count returns the input", expression: 'Left("abc", -1)', want: value("abc") },
    { name: "Left counts code points", expression: 'Left("😀😀x", 1)', want: value("😀") },
    { name: "Mid past the end", expression: 'Mid("abc", 2, 10)', want: value("bc") },
    { name: "Mid start 0 is an error", expression: 'Mid("abc", 0, 1)', want: /first character is 1/ },
    { name: "Word of null is empty", expression: 'Word([x], 1, " ")', want: value("") },
    { name: "Word beyond the count is empty", expression: 'Word("a b", 3, " ")', want: value("") },
    { name: "Word collapses repeated delimiters", expression: 'Word("a  b", 2, " ")', want: value("b") },
    {
      name: "escaped quotes and backslashes",
      expression: 'Append("say \\"hi\\"", " C:\\\\x")',
      want: value('say "hi" C:\\x'),
    },
    {
      name: "unicode passes through",
      expression: 'Join(" ", "日本", [givenName])',
      user: { givenName: "Zoë" },
      want: value("日本 Zoë"),
    },
    {
      name: "case-insensitive attribute names",
      expression: "[USERPRINCIPALNAME]",
      user: { userPrincipalName: "a@x" },
      want: value("a@x"),
    },
    {
      name: "extensionAttribute via onPremisesExtensionAttributes",
      expression: "[ExtensionAttribute15]",
      user: { onPremisesExtensionAttributes: { extensionAttribute15: "E15" } },
      want: value("E15"),
    },
    {
      name: "directory schema extension",
      expression: "[extension_0123456789abcdef0123456789abcdef_costCenter]",
      user: { extension_0123456789abcdef0123456789abcdef_costCenter: "CC-1" },
      want: value("CC-1"),
    },
    { name: "Entra alias objectId → id", expression: "[objectId]", want: value("u1") },
    { name: "inherited properties are not attributes", expression: "[constructor]", want: nullOf("constructor") },
    {
      name: "FormatDateTime ISO input with empty inputFormat",
      expression: 'FormatDateTime("2024-04-10T08:30:00Z", , "", "yyyy-MM-ddTHH:mm:ss")',
      want: value("2024-04-10T08:30:00"),
    },
    {
      name: "FormatDateTime with an offset converts to UTC",
      expression: 'FormatDateTime("2020-12-31-08:00", , "yyyy-MM-ddzzz", "yyyy-MM-dd HH:mm")',
      want: value("2020-12-31 08:00"),
    },
    {
      name: "FormatDateTime 12-hour input",
      expression: 'FormatDateTime("3/16/2020 7:05:09 PM", , "M/d/yyyy h:mm:ss tt", "yyyy-MM-dd HH:mm:ss")',
      want: value("2020-03-16 19:05:09"),
    },
    {
      name: "FormatDateTime month names",
      expression: 'FormatDateTime("2015-01-23", , "yyyy-MM-dd", "dddd, MMMM d, yyyy")',
      want: value("Friday, January 23, 2015"),
    },
    {
      name: "FormatDateTime fractions",
      expression: 'FormatDateTime("20150123105347.1234567Z", , "yyyyMMddHHmmss.fffffffZ", "HH:mm:ss.fffffff")',
      want: value("10:53:47.1234567"),
    },
    {
      name: "FormatDateTime rejects a non-matching date",
      expression: 'FormatDateTime("2015-02-30", , "yyyy-MM-dd", "yyyy")',
      want: /does not match the format/,
    },
    {
      name: "FormatDateTime of null is null",
      expression: 'FormatDateTime([hireDate], , "yyyy", "yyyy")',
      want: nullOf("hireDate"),
    },
    { name: "DateFromNum of AD never is null", expression: "DateFromNum(9223372036854775807)", want: nullOf() },
    {
      name: "DateFromNum from an attribute",
      expression: 'FormatDateTime(DateFromNum([lastLogon]), , "M/d/yyyy h:mm:ss tt", "yyyy-MM-dd")',
      user: { lastLogon: "129699324000000000" },
      want: value("2012-01-01"),
    },
    { name: "DateFromNum rejects text", expression: 'DateFromNum("soon")', want: /AD date number/ },
    {
      name: "Guid uses the context",
      expression: "Guid()",
      extra: { guid: "00000000-0000-0000-0000-00000000000a" },
      want: value("00000000-0000-0000-0000-00000000000a"),
    },
    {
      name: "SingleAppRoleAssignment: one role",
      expression: "SingleAppRoleAssignment([appRoleAssignments])",
      extra: { roles: ["Admin"] },
      want: value("Admin"),
    },
    {
      name: "SingleAppRoleAssignment: none → null",
      expression: "SingleAppRoleAssignment([appRoleAssignments])",
      want: nullOf("appRoleAssignments"),
    },
    {
      name: "SingleAppRoleAssignment: several → error",
      expression: "SingleAppRoleAssignment([appRoleAssignments])",
      extra: { roles: ["Admin", "User"] },
      want: /2 app roles/,
    },
    {
      name: "Replace with an invalid regex → error",
      expression: 'Replace([a], , "(", , "", , )',
      user: { a: "x" },
      want: /regular expression "\(" is invalid/,
    },
    {
      name: "Replace with an unknown group → error",
      expression: 'Replace([a], , "(?<x>a)", "y", "", , )',
      user: { a: "a" },
      want: /no group named "y"/,
    },
    {
      name: "Replace with neither oldValue nor pattern → error",
      expression: "Replace([a], , , , , , )",
      user: { a: "a" },
      want: /needs oldValue or regexPattern/,
    },
    {
      name: "Replace: source has a value, replacementAttributeName unused",
      expression: 'Replace([tel], , "(?<n>\\\\d+)", "n", , [mobile], )',
      user: { tel: "123", mobilePhone: "+1 555" },
      want: value("123"),
    },
    { name: "Replace of null source → null", expression: 'Replace([mail], "@x", , , "", , )', want: nullOf("mail") },
    {
      name: "Replace with $$ and $0 in replacement",
      expression: 'Replace("ab", , "b", , "[$0$$]", , )',
      want: value("a[b$]"),
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const got = run(c.expression, c.user, c.extra);
      if (c.want instanceof RegExp) {
        assert.equal(got.kind, "error", JSON.stringify(got));
        assert.match(got.kind === "error" ? got.message : "", c.want);
      } else {
        assert.deepEqual(got, c.want);
      }
    });
  }
});

void describe("evaluateExpression properties", () => {
  void it("ToLower and ToUpper are total and agree with String case mapping for any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const lit = quoteExpressionString(s);
        assert.deepEqual(run(`ToLower(${lit})`), value(s.toLowerCase()));
        assert.deepEqual(run(`ToUpper(${lit})`), value(s.toUpperCase()));
      }),
    );
  });

  void it("a string constant evaluates to itself (escapes round-trip)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        assert.deepEqual(run(quoteExpressionString(s)), value(s));
      }),
    );
  });

  void it("Join never yields an empty-string value and never contains empty parts", () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.string(), { nil: null }), { maxLength: 5 }), (parts) => {
        const props = Object.fromEntries(parts.map((p, i) => [`a${i}`, p]));
        const expr = `Join("|", ${['""', ...parts.map((_, i) => `[a${i}]`)].join(", ")})`;
        const got = run(expr, props);
        const nonEmpty = parts.filter((p): p is string => p !== null && p !== "");
        if (nonEmpty.length === 0) assert.equal(got.kind, "null");
        else assert.deepEqual(got, value(nonEmpty.join("|")));
      }),
    );
  });

  void it("evaluation never throws, whatever the user data", () => {
    const expr = parseExpression(
      'IIF(And([a]="x", [b] > 3), Join(",", Split([c], ";")), Coalesce(Replace([d], , "(?<g>\\\\d+)", "g", "#", , ), Left([e], 2), Mid([f], 1, 3)))',
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("a", "b", "c", "d", "e", "f"), fc.jsonValue()), (props) => {
        const r = evaluateExpression(expr, { user: { id: "x", ...props } });
        assert.ok(["value", "null", "error"].includes(r.kind));
      }),
    );
    assert.ok(printExpression(expr).startsWith("IIF(And("));
  });
});
