/**
 * A removal (a Slack user's deactivation, or a Slack group's deletion) that a cycle decided on and the deletion guard
 * stands between: `staged` until the cycle's removal gate counts it (then released, or held); `held` until an operator
 * approves or rejects it; `rejected` until the next cycle re-evaluates the object.
 */
export interface HeldRemoval {
  objectType: "User" | "Group";
  objectId: string;
  /** UPN or group name, for the operator. */
  identity?: string;
  /** The Slack id the removal would act on. */
  slackId?: string;
  /** Why the engine would remove it (the positive evidence, e.g. "the user is no longer assigned ..."). */
  evidence: string;
  state: "staged" | "held" | "rejected";
  /** The cycle that staged it, and when. */
  cycleId: string;
  stagedAt: string;
  /** Set when held: when, and why (the threshold it crossed). */
  heldAt?: string;
  heldReason?: string;
}

export type HeldRemovalState = HeldRemoval["state"];
