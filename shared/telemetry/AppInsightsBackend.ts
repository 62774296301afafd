import type { TraceParent } from "./traceParent";

/** The few Application Insights operations AppInsightsTelemetry needs; startAppInsights implements it over the SDK. */
export interface AppInsightsBackend {
  trackEvent(name: string, properties: Record<string, string>, measurements: Record<string, number>): void;
  trackMetric(name: string, value: number, properties: Record<string, string>): void;
  /** Sends everything queued; resolves when the exporters have finished. */
  flush(): Promise<void>;
  /** Runs `fn` with the given W3C parent as the active trace context (operation_Id / operation_ParentId). */
  runWithParent<T>(parent: TraceParent, fn: () => T): T;
}
