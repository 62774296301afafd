import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import { evaluateClause } from "../../../shared/scope/filters/evaluateClause";
import { evaluateScopingFilters } from "../../../shared/scope/filters/evaluateScopingFilters";
import type { ScopingClause, ScopingFilter, ScopingOperator } from "../../../shared/scope/filters/ScopingFilter";
import { SCOPING_OPERATORS } from "../../../shared/scope/filters/ScopingFilter";
import { scopingFilterProblems } from "../../../shared/scope/filters/scopingFilterProblems";

const c = (operator: ScopingOperator, value?: string): ScopingClause =>
  value === undefined ? { attribute: "x", operator } : { attribute: "x", operator, value };

void describe("evaluateClause: every operator (table)", () => {
  const cases: { op: ScopingOperator; value?: string; raw: unknown; want: boolean }[] = [
    { op: "EQUALS", value: "sales", raw: "sales", want: true },
    { op: "EQUALS", value: "sales", raw: "Sales", want: false },
    { op: "EQUALS", value: "", raw: null, want: false },
    { op: "NOT EQUALS", value: "sales", raw: "Sales", want: true },
    { op: "NOT EQUALS", value: "sales", raw: "sales", want: false },
    { op: "NOT EQUALS", value: "sales", raw: null, want: false },
    { op: "IS TRUE", raw: true, want: true },
    { op: "IS TRUE", raw: "True", want: true },
    { op: "IS TRUE", raw: false, want: false },
    { op: "IS TRUE", raw: null, want: false },
    { op: "IS FALSE", raw: false, want: true },
    { op: "IS FALSE", raw: "false", want: true },
    { op: "IS FALSE", raw: undefined, want: false },
    { op: "IS FALSE", raw: "no", want: false },
    { op: "IS NULL", raw: null, want: true },
    { op: "IS NULL", raw: undefined, want: true },
    { op: "IS NULL", raw: "", want: true },
    { op: "IS NULL", raw: [], want: true },
    { op: "IS NULL", raw: "a", want: false },
    { op: "IS NOT NULL", raw: "a", want: true },
    { op: "IS NOT NULL", raw: null, want: false },
    { op: "REGEX MATCH", value: ".*\\@domain.com", raw: "ann@domain.com", want: true },
    { op: "REGEX MATCH", value: ".*\\@domain.com", raw: "ann@other.com", want: false },
    { op: "REGEX MATCH", value: "(1[0-9][0-9][0-9][0-9][0-9][0-9])", raw: "1234567", want: true },
    { op: "REGEX MATCH", value: "([1-9][0-9])", raw: "x5", want: false },
    { op: "REGEX MATCH", value: "abc", raw: "ABC", want: false },
    { op: "REGEX MATCH", value: ".*", raw: null, want: false },
    { op: "NOT REGEX MATCH", value: ".*\\@domain.com", raw: "ann@other.com", want: true },
    { op: "NOT REGEX MATCH", value: ".*\\@domain.com", raw: "ann@domain.com", want: false },
    { op: "NOT REGEX MATCH", value: "x", raw: null, want: false },
    { op: "Includes", value: "Eng", raw: "Platform Engineering", want: true },
    { op: "Includes", value: "eng", raw: "Platform Engineering", want: false },
    { op: "Includes", value: "x", raw: null, want: false },
    { op: "ENDS_WITH", value: "@contoso.com", raw: "ann@contoso.com", want: true },
    { op: "ENDS_WITH", value: "@contoso.com", raw: "ann@contoso.com.evil", want: false },
    { op: "ENDS_WITH", value: "x", raw: null, want: false },
    { op: "Greater_Than", value: "1000000", raw: "1500000", want: true },
    { op: "Greater_Than", value: "1000000", raw: "1000000", want: false },
    { op: "Greater_Than", value: "9", raw: "10", want: true },
    { op: "Greater_Than", value: "10", raw: 11, want: true },
    { op: "Greater_Than", value: "10", raw: "11.5", want: false },
    { op: "Greater_Than", value: "10", raw: "abc", want: false },
    { op: "Greater_Than", value: "10", raw: null, want: false },
    { op: "Greater_Than", value: "9007199254740993", raw: "9007199254740994", want: true },
    { op: "Greater_Than_OR_EQUALS", value: "2000000", raw: "2000000", want: true },
    { op: "Greater_Than_OR_EQUALS", value: "2000000", raw: "1999999", want: false },
    { op: "Greater_Than_OR_EQUALS", value: "1", raw: null, want: false },
    { op: "&", value: "Sales,Marketing, Support", raw: "Support", want: true },
    { op: "&", value: "Sales,Marketing", raw: "sales", want: false },
    { op: "&", value: "Sales", raw: null, want: false },
    { op: "!&", value: "Sales,Marketing", raw: "Finance", want: true },
    { op: "!&", value: "Sales,Marketing", raw: "Sales", want: false },
    { op: "!&", value: "Sales", raw: null, want: false },
    { op: "EQUALS", value: "a", raw: ["a"], want: false },
  ];
  for (const t of cases) {
    void it(`${JSON.stringify(t.raw)} ${t.op} ${t.value ?? ""} → ${t.want}`, () => {
      assert.equal(evaluateClause(c(t.op, t.value), t.raw), t.want);
    });
  }

  void it("every operator except IS NULL is false for an empty value", () => {
    for (const op of SCOPING_OPERATORS) {
      for (const raw of [null, undefined, ""]) {
        assert.equal(evaluateClause(c(op, "v"), raw), op === "IS NULL", `${op} on ${String(raw)}`);
      }
    }
  });

  void it("NOT EQUALS is the negation of EQUALS on non-empty strings; !& of &", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (raw, value) => {
        assert.equal(evaluateClause(c("NOT EQUALS", value), raw), !evaluateClause(c("EQUALS", value), raw));
        assert.equal(evaluateClause(c("!&", value), raw), !evaluateClause(c("&", value), raw));
      }),
    );
  });
});

void describe("evaluateScopingFilters", () => {
  const user: GraphUser = {
    id: "u1",
    userPrincipalName: "ann@contoso.com",
    department: "Sales",
    employeeId: "1500000",
    jobTitle: null,
    accountEnabled: true,
    onPremisesExtensionAttributes: { extensionAttribute3: "FTE" },
  };
  const sales: ScopingFilter = {
    name: "Sales FTE",
    clauses: [
      { attribute: "department", operator: "EQUALS", value: "Sales" },
      { attribute: "extensionAttribute3", operator: "EQUALS", value: "FTE" },
    ],
  };
  const engineering: ScopingFilter = {
    clauses: [{ attribute: "department", operator: "EQUALS", value: "Engineering" }],
  };
  const titled: ScopingFilter = { clauses: [{ attribute: "jobTitle", operator: "IS NOT NULL" }] };

  void it("no filters: in scope", () => {
    assert.deepEqual(evaluateScopingFilters([], user), { inScope: true });
  });

  void it("clauses are ANDed, filters ORed", () => {
    assert.deepEqual(evaluateScopingFilters([engineering, sales], user), { inScope: true, passedFilterIndex: 1 });
    assert.equal(evaluateScopingFilters([engineering, titled], user).inScope, false);
  });

  void it("names the failing clause of the first filter and its actual value", () => {
    const r = evaluateScopingFilters([titled, engineering], user);
    assert.deepEqual(r, {
      inScope: false,
      failing: { filterIndex: 0, clause: titled.clauses[0], actualValue: null },
      failures: [
        { filterIndex: 0, clause: titled.clauses[0], actualValue: null },
        { filterIndex: 1, clause: engineering.clauses[0], actualValue: "Sales" },
      ],
    });
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r, "serialisable for the activity record");
  });

  void it("stops at the first failing clause of a filter", () => {
    const f: ScopingFilter = {
      clauses: [
        { attribute: "department", operator: "EQUALS", value: "HR" },
        { attribute: "jobTitle", operator: "IS NOT NULL" },
      ],
    };
    const r = evaluateScopingFilters([f], user);
    assert.equal(r.inScope, false);
    if (!r.inScope) assert.equal(r.failing.clause.attribute, "department");
  });

  void it("resolves names case-insensitively, booleans and IsSoftDeleted from the context", () => {
    assert.equal(
      evaluateScopingFilters([{ clauses: [{ attribute: "AccountEnabled", operator: "IS TRUE" }] }], user).inScope,
      true,
    );
    const notDeleted: ScopingFilter = { clauses: [{ attribute: "IsSoftDeleted", operator: "IS FALSE" }] };
    assert.equal(evaluateScopingFilters([notDeleted], user).inScope, true);
    assert.equal(evaluateScopingFilters([notDeleted], user, { isSoftDeleted: true }).inScope, false);
  });
});

void describe("scopingFilterProblems (table)", () => {
  const cases: { name: string; filters: ScopingFilter[]; problem?: RegExp }[] = [
    { name: "valid", filters: [{ clauses: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] }] },
    {
      name: "no clauses",
      filters: [{ name: "empty", clauses: [] }],
      problem: /Scoping filter 1 \("empty"\) has no clauses/,
    },
    {
      name: "unknown operator",
      filters: [{ clauses: [{ attribute: "a", operator: "LESS_THAN" as ScopingOperator, value: "1" }] }],
      problem: /clause 1 has operator "LESS_THAN"; use one of/,
    },
    {
      name: "missing value",
      filters: [{ clauses: [{ attribute: "a", operator: "EQUALS" }] }],
      problem: /EQUALS needs a value/,
    },
    {
      name: "value on a unary operator",
      filters: [{ clauses: [{ attribute: "a", operator: "IS NULL", value: "x" }] }],
      problem: /IS NULL takes no value/,
    },
    {
      name: "non-integer Greater_Than",
      filters: [{ clauses: [{ attribute: "a", operator: "Greater_Than", value: "1.5" }] }],
      problem: /compares integers/,
    },
    {
      name: "bad regex",
      filters: [{ clauses: [{ attribute: "a", operator: "REGEX MATCH", value: "(" }] }],
      problem: /not a valid regular expression/,
    },
    {
      name: "manager",
      filters: [{ clauses: [{ attribute: "manager", operator: "IS NOT NULL" }] }],
      problem: /cannot use \(a reference/,
    },
    {
      name: "multi-valued",
      filters: [
        {
          clauses: [{ attribute: "x" }, { attribute: "businessPhones", operator: "IS NULL" }].slice(
            1,
          ) as ScopingClause[],
        },
      ],
      problem: /clause 1 filters on "businessPhones".*multi-valued/,
    },
  ];
  for (const t of cases) {
    void it(t.name, () => {
      const problems = scopingFilterProblems(t.filters);
      if (t.problem === undefined) assert.deepEqual(problems, []);
      else
        assert.ok(
          problems.some((p) => t.problem?.test(p)),
          problems.join(" | "),
        );
    });
  }
});
