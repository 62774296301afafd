/**
 * The syntax tree of an Entra-style attribute mapping expression. Plain JSON data; `start` is the 0-based offset of the
 * node's first character in the expression text (used in error messages).
 */

/** Comparison operators allowed in a condition (Entra's IIF operators). */
export type ComparisonOperator = "=" | "<>" | ">" | ">=" | "<" | "<=";

export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = ["=", "<>", ">=", "<=", ">", "<"];

/** `[name]`: a source attribute (resolved case-insensitively against the Graph user or the evaluation context). */
export interface AttributeNode {
  kind: "attribute";
  name: string;
  start: number;
}

/** `"text"`: a string constant (already unescaped). */
export interface StringNode {
  kind: "string";
  value: string;
  start: number;
}

/** `42`, `-10`, `129699324000000000`: a number, kept as its source text so no precision is lost. */
export interface NumberNode {
  kind: "number";
  text: string;
  start: number;
}

/** The bare keywords `True` and `False`; they evaluate to the strings "True" and "False", as Entra's booleans do. */
export interface BooleanNode {
  kind: "boolean";
  value: boolean;
  start: number;
}

/** `Name(arg, , arg)`: a function call. An empty argument (two commas in a row) is `null`. */
export interface CallNode {
  kind: "call";
  name: string;
  args: (ExpressionNode | null)[];
  start: number;
}

/** `left = right`: a comparison; evaluates to "True" or "False". */
export interface CompareNode {
  kind: "compare";
  operator: ComparisonOperator;
  left: OperandNode;
  right: OperandNode;
  start: number;
}

/** What may stand on either side of a comparison (comparisons do not chain). */
export type OperandNode = AttributeNode | StringNode | NumberNode | BooleanNode | CallNode;

export type ExpressionNode = OperandNode | CompareNode;
