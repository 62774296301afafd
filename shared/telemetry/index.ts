export type { OperationTraceContext, Telemetry } from "./Telemetry";
export { noopTelemetry } from "./Telemetry";
export { createTelemetry } from "./createTelemetry";
export { runInOperation } from "./runInOperation";
export { METRICS, PROVISIONING_CHANGE_EVENT } from "./telemetryNames";
export type { MetricName } from "./telemetryNames";
export { changeEventProperties, REASON_MAX_LENGTH } from "./changeEventProperties";
