import type { FunctionTrigger, TriggerMetadata } from "@azure/functions";
import { InvocationContext } from "@azure/functions";
import { randomUUID } from "node:crypto";
import { describeError } from "../../shared/errors";
import type { FunctionCounters } from "./FunctionCounters";
import type { HostLogSink } from "./hostLog";
import { invocationLogHandler } from "./hostLog";

export interface InvocationRequest {
  functionName: string;
  trigger: FunctionTrigger;
  triggerMetadata?: TriggerMetadata;
  /** Why the function runs, as the host logs it ("Timer fired", "New queue message detected on 'x'"). */
  reason: string;
  sink: HostLogSink;
  counters: FunctionCounters;
  call: (context: InvocationContext) => unknown;
}

export type InvocationOutcome = { ok: true; result: unknown } | { ok: false; error: unknown };

/**
 * Runs one invocation the way the Functions host does: a fresh InvocationContext whose logs go to the sink, an
 * "Executing"/"Executed" pair of log lines, counters updated, and a thrown error logged with the function name and the
 * error's code and message (no stack). Never throws; the outcome says what happened.
 */
export async function runInvocation(req: InvocationRequest): Promise<InvocationOutcome> {
  const invocationId = randomUUID();
  const context = new InvocationContext({
    invocationId,
    functionName: req.functionName,
    logHandler: invocationLogHandler(req.sink, req.functionName, invocationId),
    ...(req.triggerMetadata ? { triggerMetadata: req.triggerMetadata } : {}),
    options: { trigger: req.trigger, extraInputs: [], extraOutputs: [] },
  });
  const base = { functionName: req.functionName, invocationId };
  req.counters.invocations++;
  req.sink({ ...base, level: "debug", message: `Executing 'Functions.${req.functionName}' (Reason='${req.reason}')` });
  const started = Date.now();
  try {
    const result = await req.call(context);
    req.sink({
      ...base,
      level: "debug",
      message: `Executed 'Functions.${req.functionName}' (Succeeded, Duration=${Date.now() - started}ms)`,
    });
    return { ok: true, result };
  } catch (error) {
    req.counters.failures++;
    const { code, message } = describeError(error);
    req.sink({
      ...base,
      level: "error",
      message: `Executed 'Functions.${req.functionName}' (Failed, Duration=${Date.now() - started}ms): ${code}: ${message}`,
    });
    return { ok: false, error };
  }
}
