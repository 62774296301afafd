import type { RemovalVerdict } from "../state/JobState";

/** The deletion guard's settings. */
export interface RemovalLimits {
  /** DEACTIVATION_THRESHOLD: the absolute limit of deactivations in one cycle. */
  deactivationThreshold: number;
  /** DEACTIVATION_THRESHOLD_PERCENT: the relative limit, in percent of the managed users. */
  deactivationThresholdPercent: number;
  /** GROUP_DELETE_THRESHOLD: the limit of Slack group deletions in one cycle. */
  groupDeleteThreshold: number;
}

/**
 * Pure: the most deactivations one cycle may make without an operator: the absolute limit or the percentage of the
 * managed users, whichever is smaller. (With whole counts, "more than 10 % of 259" and "more than 25" are the same.)
 */
export function userRemovalLimit(limits: RemovalLimits, managedUsers: number): number {
  const relative = Math.floor((Math.max(0, managedUsers) * limits.deactivationThresholdPercent) / 100);
  return Math.min(limits.deactivationThreshold, relative);
}

/** Pure: whether a cycle's staged removals (of one kind) go ahead or are held: held when there are more than the limit. */
export function removalVerdict(staged: number, limit: number): RemovalVerdict {
  return staged > limit ? "hold" : "release";
}

/** Pure: the admin-facing reason a set of removals is held. */
export function heldReason(input: {
  users: number;
  groups: number;
  userLimit?: number;
  managedUsers?: number;
  limits: RemovalLimits;
}): string {
  const parts: string[] = [];
  if (input.userLimit !== undefined) {
    parts.push(
      `${input.users} Slack user deactivations, more than the deletion guard allows in one cycle (${input.userLimit}: ` +
        `DEACTIVATION_THRESHOLD ${input.limits.deactivationThreshold}` +
        (input.managedUsers !== undefined
          ? ` or DEACTIVATION_THRESHOLD_PERCENT ${input.limits.deactivationThresholdPercent} % of ${input.managedUsers} managed users, whichever is smaller)`
          : ")"),
    );
  }
  if (input.groups > input.limits.groupDeleteThreshold) {
    parts.push(
      `${input.groups} Slack group deletions, more than GROUP_DELETE_THRESHOLD (${input.limits.groupDeleteThreshold})`,
    );
  }
  return (
    `Held for an operator: ${parts.join(" and ")}. Nothing was removed. If the change is intended, approve it ` +
    "(POST /api/held/approve, the dashboard, or npm run held -- approve); if not, fix the cause in Entra ID and " +
    "reject it (POST /api/held/reject): rejected removals are evaluated again in the next cycle."
  );
}
