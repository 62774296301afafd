/** A member's change reconciles its group after this long when the group's members have been quiet… */
export const MEMBER_LEADING_DELAY_MS = 1_000;
/** …and after this long while they keep changing, so that members provisioned together land in one PATCH. */
export const MEMBER_BATCH_DELAY_MS = 3_000;
/**
 * Member changes of a group closer together than this are one burst: a round provisions members at Slack's pace (a few
 * a second), while notification-driven cycles of a few changes each come several seconds apart.
 */
export const MEMBER_BURST_WINDOW_MS = 5_000;

/**
 * Pure: how long a reconcile queued because a member changed waits, given when a member of the group last changed
 * before (undefined: not recently). The first change after a quiet spell goes within a second (its Slack group,
 * and the cycle's convergence, do not wait for a batch that is not coming); the changes of a burst (a large round
 * provisioning members at Slack's pace) are still gathered every few seconds, so they cost few group PATCHes.
 */
export function memberReconcileDelayMs(lastQueuedAt: number | undefined, now: number): number {
  return lastQueuedAt !== undefined && now - lastQueuedAt < MEMBER_BURST_WINDOW_MS
    ? MEMBER_BATCH_DELAY_MS
    : MEMBER_LEADING_DELAY_MS;
}
