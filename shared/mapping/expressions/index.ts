/** Entra-compatible attribute mapping expressions: tokenize → parse → evaluate. Pure. */
export type {
  AttributeNode,
  BooleanNode,
  CallNode,
  CompareNode,
  ComparisonOperator,
  ExpressionNode,
  NumberNode,
  OperandNode,
  StringNode,
} from "./ExpressionAst";
export { COMPARISON_OPERATORS } from "./ExpressionAst";
export type { ExpressionContext } from "./ExpressionContext";
export type { ExpressionResult } from "./ExpressionResult";
export type { ExpressionValue } from "./ExpressionValue";
export type { FunctionSignature } from "./functionSignatures";
export { FUNCTION_SIGNATURES, functionSignature } from "./functionSignatures";
export type { Token, TokenKind } from "./tokenizeExpression";
export { MAX_EXPRESSION_LENGTH, tokenizeExpression } from "./tokenizeExpression";
export type { ExpressionLocation } from "./ExpressionSyntaxError";
export { ExpressionSyntaxError } from "./ExpressionSyntaxError";
export { ExpressionEvaluationError } from "./ExpressionEvaluationError";
export { parseExpression } from "./parseExpression";
export { printExpression, quoteExpressionString } from "./printExpression";
export { compileExpression } from "./compileExpression";
export { evaluateExpression } from "./evaluateExpression";
export { referencedAttributes } from "./referencedAttributes";
export { normalizeDiacritics } from "./normalizeDiacritics";
export { formatDotnetDateTime, parseDotnetDateTime } from "./dotnetDateTime";
export type { DateTimeValue } from "./dotnetDateTime";
export { fileTimeToDate } from "./fileTimeToDate";
