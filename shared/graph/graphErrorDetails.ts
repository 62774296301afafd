/** What the classifier needs from a failed Graph call (a GraphError of the JS client or a raw response). */
export interface GraphFailure {
  /** HTTP status; -1 or undefined when no response arrived. */
  statusCode?: number;
  /** Graph's error.code, or the JS error name when no response arrived. */
  code?: string | null;
  message?: string;
  /** The error object's JSON (GraphError.body) or any body text. */
  body?: unknown;
  headers?: { get(name: string): string | null };
}

/** Every error code in a Graph error body: error.code and the codes of nested innerError/innererror objects. */
export function errorCodes(failure: GraphFailure): string[] {
  const codes: string[] = [];
  if (failure.code) codes.push(failure.code);
  let body: unknown = failure.body;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      body = undefined;
    }
  }
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== "object" || depth > 8) return;
    const rec = node as Record<string, unknown>;
    if (typeof rec.code === "string") codes.push(rec.code);
    for (const key of ["error", "innerError", "innererror", "innerErrors"]) {
      const child = rec[key];
      if (Array.isArray(child)) for (const c of child) visit(c, depth + 1);
      else visit(child, depth + 1);
    }
  };
  visit(body, 0);
  return codes;
}

/** Retry-After (seconds or HTTP date) in milliseconds, or undefined. */
export function retryAfterMs(headers: GraphFailure["headers"], now = Date.now()): number | undefined {
  const raw = headers?.get("retry-after");
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
