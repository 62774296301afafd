import type { ParsedResetScope } from "./parseResetScope";
import { parseResetScope } from "./parseResetScope";

/**
 * The resetScope of a restart request, from wherever it is given: `?resetScope=` in the query, or a JSON body as
 * Microsoft Graph's synchronizationJob restart takes it, `{"criteria": {"resetScope": "Watermark, Escrows"}}`, or
 * flat, `{"resetScope": "..."}`. Naming it in two places with different values, a body that is not JSON, or a
 * resetScope that is not a string is an error.
 */
export function resetScopeFromRequest(query: string | null, bodyText: string): ParsedResetScope {
  let fromBody: string | undefined;
  if (bodyText.trim() !== "") {
    let body: unknown;
    try {
      body = JSON.parse(bodyText);
    } catch {
      return { error: 'The body must be JSON: {"criteria": {"resetScope": "Watermark, Escrows"}}, or empty.' };
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return { error: 'The body must be a JSON object: {"criteria": {"resetScope": "..."}}.' };
    }
    const { criteria, resetScope } = body as { criteria?: unknown; resetScope?: unknown };
    const nested =
      typeof criteria === "object" && criteria !== null ? (criteria as { resetScope?: unknown }).resetScope : undefined;
    if (criteria !== undefined && criteria !== null && (typeof criteria !== "object" || Array.isArray(criteria))) {
      return { error: 'criteria must be an object: {"criteria": {"resetScope": "..."}}.' };
    }
    for (const value of [nested, resetScope]) {
      if (value !== undefined && value !== null && typeof value !== "string") {
        return { error: 'resetScope must be a string of comma-separated values, e.g. "Watermark, Escrows".' };
      }
    }
    const a = typeof nested === "string" ? nested : undefined;
    const b = typeof resetScope === "string" ? resetScope : undefined;
    if (a !== undefined && b !== undefined && a !== b) {
      return { error: "The body names two different resetScope values (criteria.resetScope and resetScope)." };
    }
    fromBody = a ?? b;
  }
  if (query !== null && fromBody !== undefined && query !== fromBody) {
    return { error: "The query and the body name different resetScope values." };
  }
  return parseResetScope(fromBody ?? query ?? undefined);
}
