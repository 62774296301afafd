import type { ProvisionGroupMessage, ProvisionUserMessage } from "../../../shared/queue/messages";
import type { InMemoryEngine } from "./createInMemoryEngine";

let messages = 0;

/** The envelope of a provisioning message of cycle `cycle-1`, with a fresh change id. */
function envelope(engine: InMemoryEngine, prefix: string) {
  return { jobId: engine.ctx.jobId, cycleId: "cycle-1", changeId: `${prefix}-${++messages}` };
}

/** A provision-user message of cycle `cycle-1` with a fresh change id (override anything with `extra`). */
export function userMessage(
  engine: InMemoryEngine,
  objectId: string,
  extra: Partial<ProvisionUserMessage> = {},
): ProvisionUserMessage {
  return { kind: "provisionUser", ...envelope(engine, "change"), objectId, reason: "scope", ...extra };
}

/** A provision-group message of cycle `cycle-1` with a fresh change id. */
export function groupMessage(
  engine: InMemoryEngine,
  groupId: string,
  extra: Partial<ProvisionGroupMessage> = {},
): ProvisionGroupMessage {
  return { kind: "provisionGroup", ...envelope(engine, "group-change"), groupId, reason: "scope", ...extra };
}
