/**
 * A scripted failure: the next `times` SCIM requests whose method and path match answer with `status`/`body`, or
 * 429 with `Retry-After: retryAfterSeconds`, or first hang `hangMs` (then answer the status if one is given, or
 * carry on normally).
 */
export interface FaultSpec {
  /** HTTP method to match (any when absent), case-insensitive. */
  method?: string;
  /** Substring of the path and query (e.g. "/Users/U123" or "/Users?filter"); any when absent. */
  pathContains?: string;
  /** How many matching requests the fault applies to (default 1). */
  times?: number;
  /** Status to answer with (default 429 when retryAfterSeconds is given). */
  status?: number;
  /** Body to answer with (default: a v2 error body naming `injected_fault`). */
  body?: unknown;
  /** Answer 429 with this Retry-After (seconds). */
  retryAfterSeconds?: number;
  /** Delay the request by this many milliseconds first. */
  hangMs?: number;
}

export class FaultInjector {
  private faults: { spec: FaultSpec; left: number }[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ spec, left: spec.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The first armed fault matching this request, consuming one use of it. */
  take(method: string, pathAndQuery: string): FaultSpec | undefined {
    const hit = this.faults.find(
      ({ spec, left }) =>
        left > 0 &&
        (spec.method === undefined || spec.method.toUpperCase() === method.toUpperCase()) &&
        (spec.pathContains === undefined || pathAndQuery.includes(spec.pathContains)),
    );
    if (!hit) return undefined;
    hit.left -= 1;
    this.faults = this.faults.filter((f) => f.left > 0);
    return hit.spec;
  }
}
