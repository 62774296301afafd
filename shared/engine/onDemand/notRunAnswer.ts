import type { ActivityStep } from "../../state/ActivityRecord";
import type { OnDemandDecision } from "./decideOnDemand";
import type { OnDemandAnswer } from "./OnDemandResult";

const ACTION_DETAIL = {
  held: "Held by the deletion guard.",
  leftToCycle: "Left to the deletion guard of the next cycle.",
  nothingToDo: "Nothing to do.",
} as const;

/**
 * Pure: the answer of an on-demand run that decided before running that there is nothing it may do (out of scope and
 * never provisioned, a removal held by the deletion guard, a member's removal left to the cycle): the import and
 * scope steps as Entra's on-demand result shows them, the link when there is one, and nothing written.
 */
export function notRunAnswer(
  decision: Exclude<OnDemandDecision, { kind: "run" }>,
  c: {
    objectType: "User" | "Group";
    query: string;
    requestedBy: string;
    scopeAsOf: string;
    objectId: string;
    identity: string;
    slackId?: string;
    notes?: string[];
  },
): OnDemandAnswer {
  const what = c.objectType === "User" ? "user" : "group";
  const steps: ActivityStep[] = [
    { name: "import", status: "Success", detail: `Read ${c.identity} from Entra ID now (direct read).` },
    { name: "scope", status: "Skipped", detail: `${decision.reason} ${c.scopeAsOf}` },
  ];
  if (c.slackId) {
    steps.push({ name: "match", status: "Success", detail: `Linked to Slack ${what} ${c.slackId}.` });
    steps.push({
      name: "action",
      status: "Skipped",
      detail: ACTION_DETAIL[decision.kind],
    });
  }
  const removal = c.objectType === "User" ? "Disable" : "Delete";
  return {
    objectType: c.objectType,
    query: c.query,
    objectId: c.objectId,
    identity: c.identity,
    ...(c.slackId ? { slackId: c.slackId } : {}),
    action: c.slackId && decision.kind !== "nothingToDo" ? removal : "Skip",
    status: "Skipped",
    reason: decision.reason,
    steps,
    modifiedProperties: [],
    ...(decision.kind === "held" ? { errorCode: "RemovalHeld" } : {}),
    recorded: false,
    requestedBy: c.requestedBy,
    scopeAsOf: c.scopeAsOf,
    waitedForLeaseMs: 0,
    slack: [],
    ...(c.notes?.length ? { notes: c.notes } : {}),
  };
}
