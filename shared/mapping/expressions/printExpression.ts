import type { ExpressionNode } from "./ExpressionAst";

/** A string constant as expression text: double quotes, with `\` and `"` escaped by a backslash. */
export function quoteExpressionString(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/**
 * The canonical text of a syntax tree: `Name(a, b)`, empty arguments left empty (`Replace([mail], "x", , , "", , )`),
 * comparisons spaced (`[a] = "x"`). parseExpression(printExpression(ast)) gives back the same tree (positions aside).
 */
export function printExpression(node: ExpressionNode): string {
  switch (node.kind) {
    case "attribute":
      return `[${node.name}]`;
    case "string":
      return quoteExpressionString(node.value);
    case "number":
      return node.text;
    case "boolean":
      return node.value ? "True" : "False";
    case "compare":
      return `${printExpression(node.left)} ${node.operator} ${printExpression(node.right)}`;
    case "call":
      if (node.args.length === 0) return `${node.name}()`;
      return `${node.name}(${node.args.map((a) => (a === null ? "" : printExpression(a))).join(", ")})`;
  }
}
