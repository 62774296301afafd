import type { ExpressionNode } from "./ExpressionAst";

/** The attribute names an expression reads, in first-seen order, without duplicates (compared case-insensitively). */
export function referencedAttributes(node: ExpressionNode): string[] {
  const seen = new Map<string, string>();
  const visit = (n: ExpressionNode | null): void => {
    if (n === null) return;
    switch (n.kind) {
      case "attribute":
        if (!seen.has(n.name.toLowerCase())) seen.set(n.name.toLowerCase(), n.name);
        return;
      case "compare":
        visit(n.left);
        visit(n.right);
        return;
      case "call":
        n.args.forEach(visit);
        return;
      default:
        return;
    }
  };
  visit(node);
  return [...seen.values()];
}
