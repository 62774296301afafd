/** A parsed W3C traceparent header: `00-<32 hex trace id>-<16 hex parent span id>-<2 hex flags>`. */
export interface TraceParent {
  traceId: string;
  spanId: string;
  flags: string;
}

const TRACE_PARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Parses a traceparent (as in InvocationContext.traceContext.traceParent); undefined when absent or malformed. */
export function parseTraceParent(value: string | null | undefined): TraceParent | undefined {
  const m = TRACE_PARENT.exec((value ?? "").trim().toLowerCase());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags] = m;
  if (version === "ff" || !traceId || !spanId || !flags) return undefined;
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined;
  return { traceId, spanId, flags };
}
