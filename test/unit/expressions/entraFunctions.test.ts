/**
 * The functions added for parity with Entra's full list (functions-for-customizing-application-data): Microsoft's
 * documented examples as a table, then the rules the examples do not show (null handling, bounds, determinism).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import type { ExpressionContext } from "../../../shared/mapping/expressions/ExpressionContext";
import { evaluateExpression } from "../../../shared/mapping/expressions/evaluateExpression";
import type { ExpressionResult } from "../../../shared/mapping/expressions/ExpressionResult";
import { FUNCTION_SIGNATURES } from "../../../shared/mapping/expressions/functionSignatures";
import { parseExpression } from "../../../shared/mapping/expressions/parseExpression";
import { randomString } from "../../../shared/mapping/expressions/randomString";

/** A seeded integer source (mulberry32), so RandomString is reproducible. */
function seeded(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const FIXED_NOW = new Date("2021-07-02T15:33:38.250Z");

function run(expression: string, props: Record<string, unknown> = {}, extra: Partial<ExpressionContext> = {}) {
  const user: GraphUser = { id: "u1", ...props };
  return evaluateExpression(parseExpression(expression), { user, now: () => FIXED_NOW, ...extra });
}

const value = (v: string | readonly string[]): ExpressionResult => ({ kind: "value", value: v });

const examples: { name: string; expression: string; user?: Record<string, unknown>; want: ExpressionResult }[] = [
  { name: "BitAnd(&HF, &HF7) → 7", expression: "BitAnd(&HF, &HF7)", want: value("7") },
  {
    name: "CBool([attribute1] = [attribute2]), equal",
    expression: "CBool([attribute1] = [attribute2])",
    user: { attribute1: "a", attribute2: "a" },
    want: value("True"),
  },
  {
    name: "CBool([attribute1] = [attribute2]), different",
    expression: "CBool([attribute1] = [attribute2])",
    user: { attribute1: "a", attribute2: "b" },
    want: value("False"),
  },
  {
    name: "CDate([StatusHireDate]) 2020-03-16-07:00",
    expression: "CDate([StatusHireDate])",
    user: { StatusHireDate: "2020-03-16-07:00" },
    want: value("3/16/2020 7:00:00 AM"),
  },
  { name: "CDate 2021-06-30+08:00", expression: 'CDate("2021-06-30+08:00")', want: value("6/29/2021 4:00:00 PM") },
  {
    name: "CDate 2009-06-15T01:45:30-07:00",
    expression: 'CDate("2009-06-15T01:45:30-07:00")',
    want: value("6/15/2009 8:45:30 AM"),
  },
  ...(
    [
      ["Add 7 days", '"d", 7', "3/23/2012 7:00:00 AM"],
      ["Ten days before", '"d", -10', "3/6/2012 7:00:00 AM"],
      ["Two weeks", '"ww", 2', "3/30/2012 7:00:00 AM"],
      ["Ten months", '"m", 10', "1/16/2013 7:00:00 AM"],
      ["Two years", '"yyyy", 2', "3/16/2014 7:00:00 AM"],
    ] as const
  ).map(([name, args, want]) => ({
    name: `DateAdd: ${name} to the hire date`,
    expression: `DateAdd(${args}, CDate([StatusHireDate]))`,
    user: { StatusHireDate: "2012-03-16-07:00" },
    want: value(want),
  })),
  ...(
    [
      ["d", "2021-08-18+08:00", "2021-08-31+08:00", "13"],
      ["d", "8/25/2021 5:41:18 PM", "2012-03-16-07:00", "-3449"],
      ["ww", "8/25/2021 5:41:18 PM", "2012-03-16-07:00", "-493"],
      ["m", "8/25/2021 5:41:18 PM", "2012-03-16-07:00", "-113"],
      ["yyyy", "8/25/2021 5:41:18 PM", "2012-03-16-07:00", "-9"],
      ["d", "2021-08-31+08:00", "2021-08-31+08:00", "0"],
      ["h", "2021-08-24", "2021-08-25", "24"],
      ["n", "2021-08-24", "2021-08-25", "1440"],
      ["s", "2021-08-24", "2021-08-25", "86400"],
    ] as const
  ).map(([interval, d1, d2, want]) => ({
    name: `DateDiff("${interval}", ${d1}, ${d2}) → ${want}`,
    expression: `DateDiff("${interval}", CDate("${d1}"), CDate("${d2}"))`,
    want: value(want),
  })),
  {
    name: "DateDiff with Now(): hire date in 5 days or less → accountEnabled True",
    expression:
      'Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), "0", "False")',
    user: { Active: "1", StatusHireDate: "2021-07-05" },
    want: value("True"),
  },
  {
    name: "DateDiff with Now(): hire date in more than 5 days → False",
    expression:
      'Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), "0", "False")',
    user: { Active: "1", StatusHireDate: "2021-08-05" },
    want: value("False"),
  },
  { name: "Now() in Entra's format (injected clock)", expression: "Now()", want: value("7/2/2021 3:33:38 PM") },
  {
    name: "NumFromDate: the inverse of DateFromNum(129699324000000000)",
    expression: 'NumFromDate("2012-01-01T23:00:00Z")',
    want: value("129699324000000000"),
  },
  {
    name: "NumFromDate: Workday ContractEndDate example",
    expression:
      'NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))',
    user: { ContractEndDate: "2020-12-31-08:00" },
    want: value("132539615990000000"), // 2021-01-01T07:59:59Z in 100-ns ticks since 1601
  },
  {
    name: "PCase default separators",
    expression: "PCase([firstName])",
    user: { firstName: "PABLO GONSALVES (SECOND)" },
    want: value("Pablo Gonsalves (Second)"),
  },
  {
    name: "PCase with wordSeparators",
    expression: 'PCase([lastName]," \'-")',
    user: { lastName: "PINTO-DE'SILVA" },
    want: value("Pinto-De'Silva"),
  },
  {
    name: "PCase of Join",
    expression: 'PCase(Join(" ",[firstName],[lastName]))',
    user: { firstName: "GREGORY", lastName: "JAMES" },
    want: value("Gregory James"),
  },
  {
    name: "IgnoreFlowIfNullOrEmpty([department]), department empty → dropped",
    expression: "IgnoreFlowIfNullOrEmpty([department])",
    want: { kind: "ignore" },
  },
  {
    name: "IgnoreFlowIfNullOrEmpty([department]), department set → flows",
    expression: "IgnoreFlowIfNullOrEmpty([department])",
    user: { department: "Sales" },
    want: value("Sales"),
  },
  {
    name: "IgnoreFlowIfNullOrEmpty(Switch(...)) with no matching key → dropped",
    expression: 'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))',
    user: { prefix: "9999" },
    want: { kind: "ignore" },
  },
  {
    name: "IgnoreFlowIfNullOrEmpty(Switch(...)) 3444 → Prof.",
    expression: 'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))',
    user: { prefix: "3444" },
    want: value("Prof."),
  },
  {
    name: "Redact([userPrincipalName]) keeps the value and marks it redacted",
    expression: "Redact([userPrincipalName])",
    user: { userPrincipalName: "jsmith@contoso.com" },
    want: { kind: "value", value: "jsmith@contoso.com", redacted: true },
  },
  {
    name: 'Redact("StringToBeRedacted")',
    expression: 'Redact("StringToBeRedacted")',
    want: { kind: "value", value: "StringToBeRedacted", redacted: true },
  },
  {
    name: "SelectUniqueValue: the UPN example's candidates, in order",
    expression:
      'SelectUniqueValue(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"), ' +
      'Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com"), ' +
      'Join("@", NormalizeDiacritics(StripSpaces(Join(".",  Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com"))',
    user: { PreferredFirstName: "John", PreferredLastName: "Smith" },
    want: { kind: "unique", candidates: ["John.Smith@contoso.com", "J.Smith@contoso.com", "Jo.Smith@contoso.com"] },
  },
  {
    name: "AppRoleAssignmentsComplex: every role",
    expression: "AppRoleAssignmentsComplex([appRoleAssignments])",
    want: value(["Admin", "Auditor"]),
  },
];

void describe("Entra functions added for parity: Microsoft's examples", () => {
  for (const c of examples) {
    void it(c.name, () => {
      const extra: Partial<ExpressionContext> = {
        appRoleAssignments: [{ value: "Admin" }, { value: "Auditor" }, { value: "Admin" }],
      };
      assert.deepEqual(run(c.expression, c.user, extra), c.want);
    });
  }

  void it("RandomString(6,3,0,0,3): 3 digits and 3 lower-case letters, the same for the same seed", () => {
    const a = run("RandomString(6,3,0,0,3)", {}, { randomInt: seeded(42) });
    const b = run("RandomString(6,3,0,0,3)", {}, { randomInt: seeded(42) });
    const c = run("RandomString(6,3,0,0,3)", {}, { randomInt: seeded(43) });
    assert.equal(a.kind, "value");
    const s = (a as { value: string }).value;
    assert.equal(s.length, 6);
    assert.equal(s.replace(/[^0-9]/g, "").length >= 3, true, s);
    assert.equal(s.replace(/[^a-z]/g, "").length >= 3, true, s);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  void it('RandomString(10,2,2,2,1,"?,"): the minimums hold and "?" and "," never appear (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
        const r = run('RandomString(10,2,2,2,1,"?,")', {}, { randomInt: seeded(seed) });
        assert.equal(r.kind, "value");
        const s = (r as { value: string }).value;
        assert.equal(s.length, 10);
        assert.ok(!s.includes("?") && !s.includes(","), s);
        assert.ok(s.replace(/[^0-9]/g, "").length >= 2, s);
        assert.ok(s.replace(/[^A-Z]/g, "").length >= 2, s);
        assert.ok(s.replace(/[^a-z]/g, "").length >= 1, s);
        assert.ok(s.replace(/[A-Za-z0-9]/g, "").length >= 2, s);
      }),
      { numRuns: 300 },
    );
  });

  void it("Guid() and Now() use the injected seams", () => {
    assert.deepEqual(run("Guid()", {}, { newGuid: () => "00aa00aa-bb11-cc22-dd33-44ee44ee44ee" }), {
      kind: "value",
      value: "00aa00aa-bb11-cc22-dd33-44ee44ee44ee",
    });
    assert.deepEqual(run("Now()", {}, { now: () => new Date("2030-01-02T03:04:05Z") }), value("1/2/2030 3:04:05 AM"));
  });
});

void describe("Entra functions added for parity: edges", () => {
  const table: { expression: string; user?: Record<string, unknown>; want: ExpressionResult | RegExp }[] = [
    { expression: "CDate([missing])", want: { kind: "null", emptyAttributes: ["missing"] } },
    { expression: 'CDate("next tuesday")', want: /not a date CDate understands/ },
    { expression: 'CDate("2021-02-30")', want: /not a valid date/ },
    { expression: 'DateAdd("m", 1, CDate("2012-01-31"))', want: value("2/29/2012 12:00:00 AM") },
    { expression: 'DateAdd("m", 1, CDate("2013-01-31"))', want: value("2/28/2013 12:00:00 AM") },
    { expression: 'DateAdd("fortnight", 1, Now())', want: /interval "fortnight" is not one of/ },
    { expression: 'DateAdd("yyyy", 9000, Now())', want: /outside the years 1 to 9999/ },
    { expression: 'DateAdd("d", "x", Now())', want: /value must be an integer/ },
    { expression: 'DateDiff("d", CDate([missing]), Now())', want: { kind: "null", emptyAttributes: ["missing"] } },
    { expression: 'BitAnd("12", "10")', want: value("8") },
    { expression: 'BitAnd("12", "ten")', want: /value2 must be an integer/ },
    { expression: 'CBool("0")', want: value("False") },
    { expression: 'CBool("-2")', want: value("True") },
    { expression: "CBool([missing])", want: value("False") },
    { expression: 'CBool("maybe")', want: /neither True\/False nor a number/ },
    { expression: 'PCase("élodie o\'neil-DUPONT")', want: value("Élodie O'neil-Dupont") },
    { expression: "PCase([missing])", want: { kind: "null", emptyAttributes: ["missing"] } },
    { expression: "RandomString(257,0,0,0,0)", want: /length 257 must be 1 to 256/ },
    { expression: "RandomString(3,2,2,0,0)", want: /add up to 4, more than the length 3/ },
    { expression: 'RandomString(4,2,0,0,0,"0123456789")', want: /leaves no digits/ },
    {
      expression: 'Join("-", SelectUniqueValue("a", "b"))',
      want: /SelectUniqueValue must be the whole expression/,
    },
    {
      expression: 'SelectUniqueValue([missing], "", " x ", "x", "y")',
      want: { kind: "unique", candidates: ["x", "y"] },
    },
    {
      expression: "SelectUniqueValue([missing], [missing2])",
      want: { kind: "null", emptyAttributes: ["missing", "missing2"] },
    },
    {
      expression: `SelectUniqueValue(${Array.from({ length: 11 }, (_, i) => `"c${i}"`).join(", ")})`,
      want: /11 rules; at most 10/,
    },
    { expression: 'Coalesce(IgnoreFlowIfNullOrEmpty([missing]), "x")', want: { kind: "ignore" } },
    {
      expression: 'Join(" ", Redact([givenName]), [surname])',
      user: { givenName: "Ann", surname: "Lee" },
      want: { kind: "value", value: "Ann Lee", redacted: true },
    },
  ];
  for (const c of table) {
    void it(c.expression, () => {
      const got = run(c.expression, c.user);
      if (c.want instanceof RegExp) {
        assert.equal(got.kind, "error", JSON.stringify(got));
        assert.match((got as { message: string }).message, c.want);
      } else assert.deepEqual(got, c.want);
    });
  }

  void it("every function in Microsoft's list parses (none is reported as unknown)", () => {
    const entraList =
      "Append AppRoleAssignmentsComplex BitAnd CBool CDate Coalesce ConvertToBase64 ConvertToUTF8Hex Count CStr " +
      "DateAdd DateDiff DateFromNum FormatDateTime Guid IgnoreFlowIfNullOrEmpty IIF InStr IsNull IsNullOrEmpty " +
      "IsPresent IsString Item Join Left Mid NormalizeDiacritics Not Now NumFromDate PCase RandomString Redact " +
      "RemoveDuplicates Replace SelectUniqueValue SingleAppRoleAssignment Split StripSpaces Switch ToLower ToUpper Word";
    const ours = new Set(FUNCTION_SIGNATURES.map((s) => s.name));
    assert.deepEqual(
      entraList.split(" ").filter((f) => !ours.has(f)),
      [],
    );
  });

  void it("randomString never exceeds its length and honours every minimum (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 256 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (length, mins, seed) => {
          const [n = 0, sp = 0, cap = 0, low = 0] = mins;
          const request = { length, minNumbers: n, minSpecial: sp, minCapital: cap, minLower: low, avoid: "" };
          if (n + sp + cap + low > length) {
            assert.throws(() => randomString(request, seeded(seed)));
            return;
          }
          const s = randomString(request, seeded(seed));
          assert.equal(s.length, length);
          assert.ok(s.replace(/[^0-9]/g, "").length >= n);
          assert.ok(s.replace(/[^A-Z]/g, "").length >= cap);
          assert.ok(s.replace(/[^a-z]/g, "").length >= low);
          assert.ok(s.replace(/[A-Za-z0-9]/g, "").length >= sp);
        },
      ),
      { numRuns: 300 },
    );
  });
});
