/** What happened to one function since the local host started. */
export interface FunctionCounters {
  /** Invocations started. */
  invocations: number;
  /** Invocations whose handler threw (or, for queues, whose message could not be decoded). */
  failures: number;
  /** Queue messages moved to `<queue>-poison`. */
  poisoned: number;
}

export function emptyCounters(): FunctionCounters {
  return { invocations: 0, failures: 0, poisoned: 0 };
}
