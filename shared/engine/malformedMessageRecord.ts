import { quote } from "../queue/checkQueueMessage";
import type { ActivityRecord } from "../state/ActivityRecord";
import type { EngineContext } from "./EngineContext";

export const MALFORMED_QUEUE_MESSAGE = "MalformedQueueMessage";

/**
 * The job-level Failure record of a queue message that does not match its queue's schema: the reason names the queue
 * and what is wrong; the message is quoted shortened, never in full. Filed under the message's cycle when it names one.
 */
export function malformedMessageRecord(
  ctx: Pick<EngineContext, "jobId" | "newId" | "clock">,
  queueName: string,
  payload: unknown,
  problem: string,
): ActivityRecord {
  const cycleId = (payload as { cycleId?: unknown } | null | undefined)?.cycleId;
  const reason =
    `A message on queue ${queueName} is malformed and was discarded without being processed: ${problem} ` +
    "It is not retried, and nothing was changed in Slack for it.";
  return {
    jobId: ctx.jobId,
    cycleId: typeof cycleId === "string" && cycleId.length <= 100 ? cycleId : "",
    changeId: ctx.newId(),
    at: ctx.clock().toISOString(),
    objectType: "Job",
    objectId: ctx.jobId,
    action: "Other",
    status: "Failure",
    reason,
    steps: [],
    modifiedProperties: [],
    errorCode: MALFORMED_QUEUE_MESSAGE,
    errorMessage: `${reason} Message: ${quote(payload)}`,
  };
}
