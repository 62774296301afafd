import type { Logger } from "../engine/Logger";
import type { ActivityRecord } from "../state/ActivityRecord";
import type { AppInsightsBackend } from "./AppInsightsBackend";
import { changeEventProperties } from "./changeEventProperties";
import type { OperationTraceContext, Telemetry } from "./Telemetry";
import { METRICS, PROVISIONING_CHANGE_EVENT } from "./telemetryNames";
import { parseTraceParent } from "./traceParent";

const APPLIED_ACTIONS = new Set<ActivityRecord["action"]>(["Create", "Update", "Disable", "Delete"]);

/**
 * Telemetry over Application Insights. Each change record becomes one ProvisioningChange event, plus the derived
 * ChangesApplied / ProvisioningFailures metrics. Telemetry never breaks provisioning: a failing SDK call is logged
 * once (without details that could hold data) and swallowed.
 */
export class AppInsightsTelemetry implements Telemetry {
  private warned = false;

  constructor(
    private readonly backend: AppInsightsBackend,
    private readonly logger?: Logger,
  ) {}

  trackChange(record: ActivityRecord): void {
    this.guard(() => {
      const { properties, measurements } = changeEventProperties(record);
      this.backend.trackEvent(PROVISIONING_CHANGE_EVENT, properties, measurements);
      if (record.status === "Failure") {
        this.backend.trackMetric(METRICS.provisioningFailures, 1, {
          jobId: record.jobId,
          errorCode: properties.errorCode ?? "Unknown",
        });
      } else if (record.status === "Success" && APPLIED_ACTIONS.has(record.action)) {
        this.backend.trackMetric(METRICS.changesApplied, 1, { jobId: record.jobId, action: record.action });
      }
    });
  }

  trackMetric(name: string, value: number, properties: Record<string, string> = {}): void {
    if (!Number.isFinite(value)) return;
    this.guard(() => this.backend.trackMetric(name, value, properties));
  }

  async flush(): Promise<void> {
    try {
      await this.backend.flush();
    } catch (e) {
      this.warnOnce(e);
    }
  }

  runInOperation<T>(traceContext: OperationTraceContext | undefined, fn: () => T): T {
    const parent = parseTraceParent(traceContext?.traceParent);
    if (!parent) return fn();
    return this.backend.runWithParent(parent, fn);
  }

  private guard(action: () => void): void {
    try {
      action();
    } catch (e) {
      this.warnOnce(e);
    }
  }

  private warnOnce(e: unknown): void {
    if (this.warned) return;
    this.warned = true;
    const name = e instanceof Error ? e.name : typeof e;
    this.logger?.warn(`Application Insights telemetry failed (${name}); provisioning continues without it.`);
  }
}
