import type { GraphUser } from "../graph/GraphUser";
import type { MappingSource } from "./AttributeMapping";
import { compileExpression } from "./expressions/compileExpression";
import { evaluateExpression } from "./expressions/evaluateExpression";
import { ExpressionSyntaxError } from "./expressions/ExpressionSyntaxError";
import type { ExpressionContext } from "./expressions/ExpressionContext";
import { normaliseValue } from "./normaliseValue";
import { resolveSource } from "./resolveSource";

/** What a mapping source gives for one user: a value to send, nothing (the source is empty), or a failure. */
export type SourceOutcome =
  | { kind: "value"; value: string; redacted?: true }
  | { kind: "null"; emptyAttributes: readonly string[] }
  | { kind: "ignore" }
  | { kind: "unique"; candidates: readonly string[]; redacted?: true }
  | { kind: "error"; message: string };

/** What a mapping's expressions may read besides the user: SourceContext plus the clock and random seams. */
export type EvaluationContext = Omit<ExpressionContext, "user">;

/**
 * Evaluates any mapping source. Direct, constant and item sources follow resolveSource. An expression is parsed once
 * (cached by its text) and evaluated; its value is normalised like any source (trimmed, "" → null; a list result
 * gives its first item, as a multi-valued attribute mapped directly does). A syntax error, which
 * validateUserMapping reports up front, is an "error" outcome here too. IgnoreFlowIfNullOrEmpty gives "ignore";
 * a top-level SelectUniqueValue gives its normalised candidates ("unique").
 */
export function evaluateSource(user: GraphUser, source: MappingSource, context: EvaluationContext = {}): SourceOutcome {
  if (source.kind !== "expression") {
    const value = resolveSource(user, source);
    if (value !== null) return { kind: "value", value };
    return { kind: "null", emptyAttributes: source.kind === "constant" ? [] : [source.name] };
  }
  let ast;
  try {
    ast = compileExpression(source.expression);
  } catch (e) {
    if (e instanceof ExpressionSyntaxError) return { kind: "error", message: e.message };
    throw e;
  }
  const expressionContext: ExpressionContext = { ...context, user };
  const result = evaluateExpression(ast, expressionContext);
  if (result.kind === "unique") {
    const candidates = result.candidates.map(normaliseValue).filter((c): c is string => c !== null);
    if (candidates.length === 0) return { kind: "null", emptyAttributes: [] };
    return { kind: "unique", candidates, ...(result.redacted ? { redacted: true as const } : {}) };
  }
  if (result.kind !== "value") return result;
  const raw = typeof result.value === "string" ? result.value : result.value[0];
  const value = normaliseValue(raw);
  if (value === null) return { kind: "null", emptyAttributes: [] };
  return { kind: "value", value, ...(result.redacted ? { redacted: true as const } : {}) };
}
