import type { PreviewEvaluation, PreviewInput } from "../engine/evaluatePreview";
import type { DryRunPlan, PlanInput } from "../engine/planUsers";
import type { WireError } from "./wireError";

/**
 * What a dry-run worker can evaluate: each kind's input (sent to the worker as its workerData) and result (posted
 * back). Both are plain data, copied across the thread boundary with the structured clone algorithm.
 */
export interface DryRunTasks {
  /** A dry run of the whole job (planUsers). */
  plan: { input: PlanInput; result: DryRunPlan };
  /** A preview of one user (evaluatePreview). */
  preview: { input: PreviewInput; result: PreviewEvaluation };
}

export type DryRunKind = keyof DryRunTasks;

/** The workerData of a dry-run worker. */
export type DryRunTask = { [K in DryRunKind]: { kind: K; input: DryRunTasks[K]["input"] } }[DryRunKind];

/** The one message a dry-run worker posts back: its result, or what it threw. */
export type DryRunReply = { ok: true; result: DryRunTasks[DryRunKind]["result"] } | { ok: false; error: WireError };
