import { MEMBER_BURST_WINDOW_MS, memberReconcileDelayMs } from "./memberReconcileDelayMs";

/**
 * Remembers, in this process, when a reconcile was last queued for each group because a member changed, and so
 * decides each one's delay (memberReconcileDelayMs). Memory only: another process, or a restart, at worst sends one
 * more early reconcile (every reconcile reads the members when it starts, so none is wrong, only one more PATCH).
 */
export class MemberBatchWindow {
  private readonly lastQueued = new Map<string, number>();

  constructor(private readonly clock: () => Date) {}

  /** The delay of a member-triggered reconcile of `groupId` queued now; remembers it. */
  delayFor(groupId: string): number {
    const now = this.clock().getTime();
    for (const [id, at] of this.lastQueued) if (now - at >= MEMBER_BURST_WINDOW_MS) this.lastQueued.delete(id);
    const delay = memberReconcileDelayMs(this.lastQueued.get(groupId), now);
    this.lastQueued.set(groupId, now);
    return delay;
  }
}
