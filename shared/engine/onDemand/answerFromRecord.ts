import type { SlackExchange } from "../../slack/slackExchanges";
import type { ActivityRecord } from "../../state/ActivityRecord";
import type { OnDemandAnswer } from "./OnDemandResult";

/** Pure: the answer of an on-demand run from the activity record it wrote. */
export function answerFromRecord(
  record: ActivityRecord,
  context: { query: string; requestedBy: string; scopeAsOf: string; waitedForLeaseMs: number; slack: SlackExchange[] },
): OnDemandAnswer {
  return {
    objectType: record.objectType === "Group" ? "Group" : "User",
    query: context.query,
    objectId: record.objectId,
    ...(record.identity ? { identity: record.identity } : {}),
    ...(record.slackId ? { slackId: record.slackId } : {}),
    action: record.action,
    status: record.status,
    reason: record.reason,
    steps: record.steps,
    modifiedProperties: record.modifiedProperties,
    ...(record.membersAdded ? { membersAdded: record.membersAdded } : {}),
    ...(record.membersRemoved ? { membersRemoved: record.membersRemoved } : {}),
    ...(record.errorCode ? { errorCode: record.errorCode } : {}),
    ...(record.errorMessage ? { errorMessage: record.errorMessage } : {}),
    recorded: true,
    cycleId: record.cycleId,
    changeId: record.changeId,
    at: record.at,
    requestedBy: context.requestedBy,
    scopeAsOf: context.scopeAsOf,
    waitedForLeaseMs: context.waitedForLeaseMs,
    slack: context.slack,
  };
}
