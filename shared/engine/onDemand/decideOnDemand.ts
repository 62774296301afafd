import type { HeldRemoval } from "../../state/HeldRemoval";

export interface OnDemandDecisionInput {
  /** Whether the object is wanted in Slack (in scope, enabled, present), as read now. */
  wanted: boolean;
  /** Why it is not wanted (the evidence), when it is not. */
  why?: string;
  /** Linked to a Slack user or group: not wanting it means removing it from Slack. */
  linked: boolean;
  /** The deletion guard's row of the object (staged, held or rejected), if any. */
  removal?: Pick<HeldRemoval, "state" | "heldAt" | "heldReason">;
  /**
   * Whether the operator asked for this object by name, so a removal it needs is their explicit decision; false for a
   * group's members, whose removals stay the deletion guard's (staged for the cycle, never applied on demand).
   */
  asked: boolean;
}

/**
 * - run: run the provisioner now; `releaseRemoval` lets the run apply a deactivation or group deletion it decides;
 * - nothingToDo: not wanted and never provisioned: nothing is written anywhere;
 * - held: the deletion guard holds this object's removal (a mass removal): only an approval applies it;
 * - leftToCycle: a member's removal, left to the deletion guard of the cycle.
 */
export type OnDemandDecision =
  { kind: "run"; releaseRemoval: boolean } | { kind: "nothingToDo" | "held" | "leftToCycle"; reason: string };

/**
 * Pure: what an on-demand run does, before it takes any lease. An operator who asks for one linked object that is no
 * longer wanted gets it removed now, as Entra's on-demand provisioning does: one deactivation (or group deletion)
 * named by an operator is their decision, the same an approval would be. But a removal the deletion guard already
 * holds as part of a mass removal is never applied on demand: approving it is the way (POST /api/held/approve with its
 * id), so on demand cannot take a held mass removal apart one by one without the operator seeing that it is held.
 */
export function decideOnDemand(input: OnDemandDecisionInput): OnDemandDecision {
  if (input.wanted) return { kind: "run", releaseRemoval: false };
  const why = input.why ?? "it is not wanted in Slack";
  if (!input.linked) return { kind: "nothingToDo", reason: `Not provisioned: ${why}. Nothing was written.` };
  if (input.removal?.state === "held") {
    return {
      kind: "held",
      reason:
        `Not removed: the deletion guard holds this removal (${why}) with the others of a mass removal` +
        `${input.removal.heldAt ? ` since ${input.removal.heldAt}` : ""}. To apply it alone, approve it: ` +
        'POST /api/held/approve with {"objectIds": ["<its object id>"]} (or the dashboard). Nothing was written.',
    };
  }
  if (!input.asked) {
    return {
      kind: "leftToCycle",
      reason: `Not removed on demand: ${why}. A member's removal is the deletion guard's decision in the next cycle.`,
    };
  }
  return { kind: "run", releaseRemoval: true };
}
