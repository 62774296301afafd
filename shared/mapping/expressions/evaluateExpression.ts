import { readUserAttribute } from "../readUserAttribute";
import type { CallNode, CompareNode, ExpressionNode } from "./ExpressionAst";
import type { ExpressionContext } from "./ExpressionContext";
import { ExpressionEvaluationError } from "./ExpressionEvaluationError";
import type { ExpressionResult } from "./ExpressionResult";
import type { ExpressionValue } from "./ExpressionValue";
import { FALSE, fromBoolean, isNullOrEmpty, singleValue, toExpressionValue, TRUE } from "./ExpressionValue";
import { STRICT_FUNCTIONS } from "./expressionFunctions";

const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

/**
 * Comparison rule (better than Entra, whose IIF fails when an attribute is null): null and "" are equal, so
 * `[country]=""` is true for an empty country; `=`/`<>` compare strings case-sensitively; `>`, `>=`, `<`, `<=` compare
 * numerically when both sides are numbers, otherwise ordinally, and are false when either side is empty.
 */
function compare(operator: CompareNode["operator"], leftValue: ExpressionValue, rightValue: ExpressionValue): boolean {
  const l = singleValue(leftValue) ?? "";
  const r = singleValue(rightValue) ?? "";
  if (operator === "=") return l === r;
  if (operator === "<>") return l !== r;
  if (l === "" || r === "") return false;
  const order = NUMBER.test(l) && NUMBER.test(r) ? Math.sign(Number(l) - Number(r)) : l < r ? -1 : l > r ? 1 : 0;
  switch (operator) {
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
  }
}

/** SelectUniqueValue's most candidates (Entra has no bound; each candidate may cost a Slack read on create). */
export const MAX_UNIQUE_CANDIDATES = 10;

/** Thrown inside the evaluator when IgnoreFlowIfNullOrEmpty drops the target; becomes the "ignore" outcome. */
class IgnoreFlow extends Error {}

class Evaluator {
  readonly emptyAttributes = new Set<string>();
  redacted = false;
  constructor(private readonly context: ExpressionContext) {}

  evaluate(node: ExpressionNode | null | undefined): ExpressionValue {
    if (node === null || node === undefined) return null;
    switch (node.kind) {
      case "string":
        return node.value;
      case "number":
        return node.text;
      case "boolean":
        return fromBoolean(node.value);
      case "attribute": {
        const value = toExpressionValue(readUserAttribute(this.context.user, node.name, this.context));
        if (value === null) this.emptyAttributes.add(node.name);
        return value;
      }
      case "compare":
        return fromBoolean(compare(node.operator, this.evaluate(node.left), this.evaluate(node.right)));
      case "call":
        return this.call(node);
    }
  }

  /** A condition: "True"/"False" (any case); null (an empty attribute) counts as False; anything else is an error. */
  private condition(call: CallNode, node: ExpressionNode | null | undefined): boolean {
    const v = singleValue(this.evaluate(node));
    if (v === null || v === "") return false;
    if (v.toLowerCase() === TRUE.toLowerCase()) return true;
    if (v.toLowerCase() === FALSE.toLowerCase()) return false;
    throw new ExpressionEvaluationError(
      `${call.name}: the condition evaluated to ${JSON.stringify(v)}; it must be True or False (use a comparison such as [country]="USA").`,
    );
  }

  private call(node: CallNode): ExpressionValue {
    const args = node.args;
    switch (node.name) {
      case "IIF":
        return this.evaluate(this.condition(node, args[0]) ? args[1] : args[2]);
      case "And":
        return fromBoolean(args.every((a) => this.condition(node, a)));
      case "Or":
        return fromBoolean(args.some((a) => this.condition(node, a)));
      case "Coalesce":
        for (const a of args) {
          const v = this.evaluate(a);
          if (v !== null) return v;
        }
        return null;
      case "IgnoreFlowIfNullOrEmpty": {
        const v = this.evaluate(args[0]);
        if (isNullOrEmpty(v)) throw new IgnoreFlow();
        return v;
      }
      case "Redact":
        this.redacted = true;
        return this.evaluate(args[0]);
      case "SelectUniqueValue":
        throw new ExpressionEvaluationError(
          "SelectUniqueValue must be the whole expression (Entra does not allow it inside another function).",
        );
      case "Switch": {
        // Case-sensitive, like Entra; an empty source matches the key "" (Entra's documented way to test for empty).
        const source = singleValue(this.evaluate(args[0])) ?? "";
        for (let i = 2; i + 1 < args.length; i += 2) {
          if ((singleValue(this.evaluate(args[i])) ?? "") === source) return this.evaluate(args[i + 1]);
        }
        return this.evaluate(args[1]);
      }
      default: {
        const f = Object.prototype.hasOwnProperty.call(STRICT_FUNCTIONS, node.name)
          ? STRICT_FUNCTIONS[node.name]
          : undefined;
        if (f === undefined) throw new ExpressionEvaluationError(`The function ${node.name} is not supported.`);
        return f(
          args.map((a) => this.evaluate(a)),
          this.context,
          node,
        );
      }
    }
  }
}

/**
 * Evaluates a parsed expression for one user. Never throws for data problems: see ExpressionResult for the
 * outcomes. A top-level SelectUniqueValue gives its candidates (the "unique" outcome), not a choice. A list result
 * (Split, a multi-valued attribute) is returned as a list.
 */
export function evaluateExpression(node: ExpressionNode, context: ExpressionContext): ExpressionResult {
  const evaluator = new Evaluator(context);
  const redacted = (): { redacted?: true } => (evaluator.redacted ? { redacted: true } : {});
  try {
    if (node.kind === "call" && node.name === "SelectUniqueValue") {
      if (node.args.length > MAX_UNIQUE_CANDIDATES) {
        throw new ExpressionEvaluationError(
          `SelectUniqueValue: ${node.args.length} rules; at most ${MAX_UNIQUE_CANDIDATES} are tried (each may cost a Slack read).`,
        );
      }
      const candidates: string[] = [];
      for (const rule of node.args) {
        const v = singleValue(evaluator.evaluate(rule))?.trim() ?? "";
        if (v !== "" && !candidates.includes(v)) candidates.push(v);
      }
      if (candidates.length === 0) return { kind: "null", emptyAttributes: [...evaluator.emptyAttributes] };
      return { kind: "unique", candidates, ...redacted() };
    }
    const value = evaluator.evaluate(node);
    if (value === null) return { kind: "null", emptyAttributes: [...evaluator.emptyAttributes] };
    return { kind: "value", value, ...redacted() };
  } catch (e) {
    if (e instanceof IgnoreFlow) return { kind: "ignore" };
    if (e instanceof ExpressionEvaluationError) return { kind: "error", message: e.message };
    throw e;
  }
}
