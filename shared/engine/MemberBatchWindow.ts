import { MEMBER_BURST_WINDOW_MS, memberReconcileDelayMs } from "./memberReconcileDelayMs";

/**
 * Remembers, in this process, when a member of each group last changed (whether or not that queued a reconcile: one
 * may be waiting already), and so decides the delay of a reconcile queued for it (memberReconcileDelayMs). Memory only: another process, or a restart, at worst sends one
 * more early reconcile (every reconcile reads the members when it starts, so none is wrong, only one more PATCH).
 */
export class MemberBatchWindow {
  private readonly lastChanged = new Map<string, number>();

  constructor(private readonly clock: () => Date) {}

  /** A member of `groupId` changed now: remembers it, and returns the delay of a reconcile queued for it now. */
  delayFor(groupId: string): number {
    const now = this.clock().getTime();
    for (const [id, at] of this.lastChanged) if (now - at >= MEMBER_BURST_WINDOW_MS) this.lastChanged.delete(id);
    const delay = memberReconcileDelayMs(this.lastChanged.get(groupId), now);
    this.lastChanged.set(groupId, now);
    return delay;
  }
}
