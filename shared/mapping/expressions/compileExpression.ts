import type { ExpressionNode } from "./ExpressionAst";
import { parseExpression } from "./parseExpression";

const CACHE_LIMIT = 1000;
const cache = new Map<string, ExpressionNode>();

/**
 * parseExpression with a cache keyed by the exact text, so a mapping's expressions are parsed once per process rather
 * than once per user. Syntax errors are not cached (they throw every time). The cache holds at most 1000 entries.
 */
export function compileExpression(text: string): ExpressionNode {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const node = parseExpression(text);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, node);
  return node;
}
