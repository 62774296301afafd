import type { ProvisionGroupMessage, ProvisionUserMessage } from "../../../shared/queue/messages";
import type { InMemoryEngine } from "./createInMemoryEngine";

let messages = 0;

/** A provision-user message of cycle `cycle-1` with a fresh change id (override anything with `extra`). */
export function userMessage(
  engine: InMemoryEngine,
  objectId: string,
  extra: Partial<ProvisionUserMessage> = {},
): ProvisionUserMessage {
  return {
    kind: "provisionUser",
    jobId: engine.ctx.jobId,
    cycleId: "cycle-1",
    objectId,
    reason: "scope",
    changeId: `change-${++messages}`,
    ...extra,
  };
}

/** A provision-group message of cycle `cycle-1` with a fresh change id. */
export function groupMessage(
  engine: InMemoryEngine,
  groupId: string,
  extra: Partial<ProvisionGroupMessage> = {},
): ProvisionGroupMessage {
  return {
    kind: "provisionGroup",
    jobId: engine.ctx.jobId,
    cycleId: "cycle-1",
    groupId,
    reason: "scope",
    changeId: `group-change-${++messages}`,
    ...extra,
  };
}
