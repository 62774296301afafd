import type { ActivityRecord } from "../state/ActivityRecord";

/**
 * What the engine reports to Application Insights. The engine calls this seam; the implementation chosen at start-up is
 * a no-op unless APPLICATIONINSIGHTS_CONNECTION_STRING is set. Implementations must never send tokens or secrets, and no
 * more personal data than the activity log holds.
 */
export interface Telemetry {
  /** One custom event per provisioning change (mirrors the activity record). */
  trackChange(record: ActivityRecord): void;
  /** A numeric metric (cycle duration, backlog, changes applied, 429s, failures). */
  trackMetric(name: string, value: number, properties?: Record<string, string>): void;
  flush(): Promise<void>;
}

export const noopTelemetry: Telemetry = {
  trackChange: () => undefined,
  trackMetric: () => undefined,
  flush: () => Promise.resolve(),
};
