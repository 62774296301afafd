import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fromWireError, toWireError } from "../../../shared/dryRun/wireError";
import { ProvisioningError } from "../../../shared/errors";
import { ExpressionEvaluationError } from "../../../shared/mapping/expressions/ExpressionEvaluationError";
import { RegexBudgetExceeded } from "../../../shared/regex/withRegexBudget";

/** What crosses the thread boundary: plain data (structured clone keeps no class and no own fields). */
const across = (e: unknown) => fromWireError(structuredClone(toWireError(e)));

void describe("wireError", () => {
  void it("a RegexBudgetExceeded comes back as one, with its pattern and budget", () => {
    const back = across(new RegexBudgetExceeded("^(a+)+$", 100));
    assert.ok(back instanceof RegexBudgetExceeded);
    assert.equal(back.pattern, "^(a+)+$");
    assert.equal(back.budgetMs, 100);
    assert.match(back.message, /ran longer than 100 ms/);
  });

  void it("another ProvisioningError keeps its code, message and retryability", () => {
    const back = across(new ExpressionEvaluationError("Replace: no such group"));
    assert.ok(back instanceof ProvisioningError);
    assert.equal(back.code, "ExpressionEvaluationError");
    assert.equal(back.message, "Replace: no such group");
    assert.equal(back.retryable, false);
  });

  void it("anything else is an Error with its name and message", () => {
    const back = across(new TypeError("boom"));
    assert.equal(back.name, "TypeError");
    assert.equal(back.message, "boom");
    assert.equal(across("text").message, "text");
  });
});
