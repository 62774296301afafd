import type { ActivityRecord } from "../state/ActivityRecord";
import type { IdentityLink } from "../state/IdentityLink";
import type { DriftFinding } from "./detectUserDrift";
import { ACTIVE } from "./detectUserDrift";

/** What the scan did about one drifted user: handed it to the provisioner, only reported it, or left it for later. */
export type DriftOutcome = "repairQueued" | "reported" | "skipped";

export interface DriftRecordInput {
  jobId: string;
  /** The scan's cycle id (driftCycleId). */
  cycleId: string;
  changeId: string;
  at: string;
  link: IdentityLink;
  slackId: string;
  findings: readonly DriftFinding[];
  outcome: DriftOutcome;
  /** Why a user was skipped. */
  skippedBecause?: string;
}

const show = (v: string | null) => (v === null ? "empty" : JSON.stringify(v));

function describe(f: DriftFinding): string {
  if (f.target === ACTIVE) {
    return f.slack === "true" ? "reactivated in Slack (the engine had deactivated it)" : "deactivated in Slack";
  }
  return `${f.target} is ${show(f.slack)} in Slack, ${show(f.exported)} as last exported from Entra ID`;
}

/**
 * Pure: the activity record of one drifted user (action Drift, a Warning: Slack was changed outside the engine). Each
 * finding is a modified property: the attribute, its value as last exported (oldValue, the Entra value) and the value
 * found in Slack (newValue). The reason says what was found and what happens next.
 */
export function driftRecord(input: DriftRecordInput): ActivityRecord {
  const found = input.findings.map(describe).join("; ");
  const next: Record<DriftOutcome, string> = {
    repairQueued:
      "Queued to be set back to the Entra value (a deactivation goes through the deletion guard); the repair is its own record.",
    reported: "Reported only (DRIFT_MODE=report): nothing was changed in Slack.",
    skipped: `Not repaired now (${input.skippedBecause ?? "the user was busy"}); the next scan looks again.`,
  };
  return {
    jobId: input.jobId,
    cycleId: input.cycleId,
    changeId: input.changeId,
    at: input.at,
    objectType: "User",
    objectId: input.link.objectId,
    ...(input.link.userPrincipalName ? { identity: input.link.userPrincipalName } : {}),
    slackId: input.slackId,
    action: "Drift",
    status: "Warning",
    reason: `Drift found: ${found}. ${next[input.outcome]}`,
    steps: [
      { name: "import", status: "Success", detail: `Read Slack user ${input.slackId} in a drift scan.` },
      {
        name: "action",
        status: input.outcome === "repairQueued" ? "Success" : "Skipped",
        detail: next[input.outcome],
      },
    ],
    modifiedProperties: input.findings.map((f) => ({ name: f.target, oldValue: f.exported, newValue: f.slack })),
  };
}
