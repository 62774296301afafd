import type { ActivityRecord } from "../state/ActivityRecord";

/**
 * The W3C trace context of a Functions invocation (structurally InvocationContext.traceContext from @azure/functions):
 * the host's request telemetry for the invocation uses this trace id as operation_Id.
 */
export interface OperationTraceContext {
  traceParent?: string | null;
  traceState?: string | null;
}

/**
 * What the engine reports to Application Insights. The engine calls this seam; the implementation chosen at start-up is
 * a no-op unless APPLICATIONINSIGHTS_CONNECTION_STRING is set (see createTelemetry). Implementations must never send
 * tokens or secrets, and no more personal data than the activity log holds.
 */
export interface Telemetry {
  /** One custom event per provisioning change (mirrors the activity record). */
  trackChange(record: ActivityRecord): void;
  /** A numeric metric (cycle duration, backlog, changes applied, 429s, failures). Names: METRICS in telemetryNames. */
  trackMetric(name: string, value: number, properties?: Record<string, string>): void;
  flush(): Promise<void>;
  /**
   * Optional: runs `fn` so that everything tracked inside it (across awaits) joins the invocation's operation
   * (operation_Id = trace id, operation_ParentId = the host's span id). Call it through runInOperation(), which falls
   * back to calling `fn` directly for implementations without correlation.
   */
  runInOperation?<T>(traceContext: OperationTraceContext | undefined, fn: () => T): T;
}

export const noopTelemetry: Telemetry = {
  trackChange: () => undefined,
  trackMetric: () => undefined,
  flush: () => Promise.resolve(),
};
