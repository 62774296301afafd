import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDotnetDateTime } from "../../../shared/mapping/expressions/dotnetDateTime";
import { replaceFunction } from "../../../shared/mapping/expressions/replaceFunction";
import { ExpressionEvaluationError } from "../../../shared/mapping/expressions/ExpressionEvaluationError";
import { RegexBudgetExceeded, withRegexBudget } from "../../../shared/regex/withRegexBudget";
import { evaluateClause } from "../../../shared/scope/filters/evaluateClause";

/** A pattern that backtracks catastrophically on `evil` (2^n steps). Each test uses its own (patterns get benched). */
const catastrophic = (tag: string) => `^(a+)+${tag}$`;
const evil = "a".repeat(40) + "!";

void describe("withRegexBudget", () => {
  void it("returns what the work returns", () => {
    assert.equal(
      withRegexBudget("^ab+c$", () => /^ab+c$/.test("abbbc")),
      true,
    );
  });

  void it("stops catastrophic backtracking at the budget instead of blocking the event loop", () => {
    const pattern = catastrophic("x");
    assert.throws(
      () => withRegexBudget(pattern, () => new RegExp(pattern).test(evil), 50),
      (e: unknown) => e instanceof RegexBudgetExceeded && /ran longer than 50 ms/.test(e.message) && !e.retryable,
    );
  });

  void it("a pattern that blew its budget three times fails at once afterwards (a dry run does not pay per user)", () => {
    const pattern = catastrophic("y");
    let runs = 0;
    const attempt = () =>
      assert.throws(
        () =>
          withRegexBudget(
            pattern,
            () => {
              runs++;
              return new RegExp(pattern).test(evil);
            },
            20,
          ),
        RegexBudgetExceeded,
      );
    for (let i = 0; i < 5; i++) attempt();
    assert.equal(runs, 3, "run three times, then benched");
  });

  void it("errors of the work itself pass through", () => {
    assert.throws(
      () =>
        withRegexBudget("x", () => {
          throw new TypeError("boom");
        }),
      TypeError,
    );
  });
});

void describe("configured regular expressions run under the budget", () => {
  void it("Replace with a catastrophic pattern is an expression error for that user (a Warning), not a blocked host", () => {
    const pattern = catastrophic("z");
    assert.throws(
      () =>
        replaceFunction({
          source: evil,
          oldValue: null,
          regexPattern: pattern,
          regexGroupName: null,
          replacementValue: "x",
          replacementAttribute: null,
          template: null,
        }),
      (e: unknown) => e instanceof ExpressionEvaluationError && /ran longer than 100 ms/.test(e.message),
    );
  });

  void it("FormatDateTime with an ambiguous input format is an expression error at the budget, not a blocked host", () => {
    // "F%F%…" builds ^(\d{0,7})(\d{0,7})…$: exponential backtracking on digits that end in a letter (38 s unbounded).
    const format = Array.from({ length: 12 }, () => "FFFFFFF").join("%");
    const started = Date.now();
    assert.throws(
      () => parseDotnetDateTime(`${"1".repeat(90)}x`, format),
      (e: unknown) =>
        e instanceof ExpressionEvaluationError &&
        /FormatDateTime: the input format .* took longer than 100 ms/.test(e.message),
    );
    assert.ok(Date.now() - started < 1_000, `stopped at the budget (${Date.now() - started} ms)`);
    assert.equal(parseDotnetDateTime("2024", "yyyy").utcMs, Date.UTC(2024, 0, 1), "a plain format still parses");
  });

  void it("a REGEX MATCH scoping clause that blows the budget throws (the user is not taken out of scope)", () => {
    assert.throws(
      () => evaluateClause({ attribute: "jobTitle", operator: "REGEX MATCH", value: catastrophic("w") }, evil),
      RegexBudgetExceeded,
    );
  });
});
