import type { ActivityRecord } from "../state/ActivityRecord";
import type { EngineContext } from "./EngineContext";

export interface JobRecordInput {
  cycleId: string;
  status: ActivityRecord["status"];
  reason: string;
  /** The error behind a Failure or Warning, when there is one (its code and the admin-facing message). */
  error?: { code: string; message: string };
}

/** A job-level activity record (cycle start failures, scope warnings, delta resets, poisoned pages). */
export function jobRecord(
  ctx: Pick<EngineContext, "jobId" | "clock" | "newId">,
  input: JobRecordInput,
): ActivityRecord {
  return {
    jobId: ctx.jobId,
    cycleId: input.cycleId,
    changeId: ctx.newId(),
    at: ctx.clock().toISOString(),
    objectType: "Job",
    objectId: ctx.jobId,
    action: "Other",
    status: input.status,
    reason: input.reason,
    steps: [],
    modifiedProperties: [],
    ...(input.error ? { errorCode: input.error.code, errorMessage: input.error.message } : {}),
  };
}
