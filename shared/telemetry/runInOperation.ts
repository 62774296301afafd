import type { OperationTraceContext, Telemetry } from "./Telemetry";

/**
 * Runs a handler's work inside the invocation's operation so custom events and metrics correlate with the host's
 * request telemetry for that invocation. Usage in a function handler:
 *
 *   await runInOperation(ctx.telemetry, context.traceContext, () => work());
 *
 * With the no-op telemetry (or any implementation without correlation) it simply calls `fn`.
 */
export function runInOperation<T>(
  telemetry: Telemetry,
  traceContext: OperationTraceContext | undefined,
  fn: () => T,
): T {
  return telemetry.runInOperation ? telemetry.runInOperation(traceContext, fn) : fn();
}
