import type { RemovalGateMessage } from "../queue/messages";
import { QUEUES } from "../queue/messages";
import type { ActivityRecord } from "../state/ActivityRecord";
import type { HeldRemoval } from "../state/HeldRemoval";
import type { RemovalVerdict } from "../state/JobState";
import {
  memberFlushPending,
  removalGateUnsettled,
  removalProbeQueued,
  removalsDecided,
  removalsSettled,
} from "../state/JobState";
import type { EngineContext } from "./EngineContext";
import type { FlushDeferredMembersPorts } from "./flushDeferredMembers";
import { flushDeferredMembers, NEAR_FLUSH_BACKLOG, resendInterruptedFlush } from "./flushDeferredMembers";
import { countHeld } from "./heldRemovals";
import { jobRecord } from "./jobRecord";
import { queueReleasedRemovals } from "./queueWork";
import { heldReason, removalVerdict, userRemovalLimit } from "./removalLimits";
import { removalProbeDelayMs } from "./removalProbeDelayMs";

export type RemovalGatePorts = Pick<
  EngineContext,
  | "jobId"
  | "jobs"
  | "links"
  | "removals"
  | "activity"
  | "pending"
  | "queue"
  | "removalGuard"
  | "telemetry"
  | "clock"
  | "newId"
  | "log"
> &
  FlushDeferredMembersPorts;

/** What one run of the gate did. */
export interface RemovalGateResult {
  released: { users: number; groups: number };
  held: { users: number; groups: number };
}

/** Rows handled per pass while holding (each pass moves them out of the staged state). */
const PAGE = 500;
/** Passes at most (500,000 removals); the gate runs again at the next probe or timer cycle for any left. */
const MAX_PASSES = 1_000;
/** The probe looks again (removalProbeDelayMs) at most this many times: about 7 hours. */
const MAX_PROBES = 2_500;

/**
 * The deletion guard. A run that decides to deactivate a Slack user or delete a Slack group does not do it: it stages
 * the removal (see ObjectProvisioner). Once the cycle is committed and every other change of it is applied, the gate
 * counts the staged removals: at most the limits (RemovalLimits), they are released and applied; above them, every one
 * of that kind is held, with an activity record each, a job Warning (the alert) and the held set in the status, until
 * an operator approves or rejects them (heldRemovals.ts). The verdicts are fixed per cycle in the job row, so a gate
 * interrupted by a crash finishes the same decision; nothing is held in memory.
 */
export class RemovalGate {
  constructor(private readonly ctx: RemovalGatePorts) {}

  /** Counts and decides the staged removals (at the convergence of `cycleId`). Idempotent. */
  async run(cycleId: string): Promise<RemovalGateResult> {
    const { ctx } = this;
    const limits = ctx.removalGuard;
    const result: RemovalGateResult = { released: { users: 0, groups: 0 }, held: { users: 0, groups: 0 } };
    const users = await ctx.removals.list(
      ctx.jobId,
      { state: "staged", objectType: "User" },
      limits.deactivationThreshold + 1,
    );
    const groups = await ctx.removals.list(
      ctx.jobId,
      { state: "staged", objectType: "Group" },
      limits.groupDeleteThreshold + 1,
    );
    if (users.entries.length === 0 && groups.entries.length === 0) {
      await this.settle(cycleId); // finishes a gate interrupted after it marked its rows
      return result;
    }

    const verdicts = await this.decide(cycleId, users.entries.length + (users.more ? 1 : 0), groups.entries.length);
    if (verdicts.users === "release") result.released.users = await this.release(cycleId, users.entries);
    else result.held.users = await this.hold("User", verdicts.reason);
    if (verdicts.groups === "release") result.released.groups = await this.release(cycleId, groups.entries);
    else result.held.groups = await this.hold("Group", verdicts.reason);
    if (result.held.users > 0 || result.held.groups > 0) await countHeld(ctx, { cycleId, reason: verdicts.reason });
    await this.settle(cycleId);
    return result;
  }

  /**
   * Marks the cycle's gate finished once the held set is counted in the job row: until then the status does not call
   * the cycle converged (a converged cycle with held rows but no held summary would hide them).
   */
  private async settle(cycleId: string): Promise<void> {
    const { ctx } = this;
    const state = await ctx.jobs.get(ctx.jobId);
    if (!removalGateUnsettled(state, cycleId)) return;
    if (state.removalGate?.users === "hold" || state.removalGate?.groups === "hold") await countHeld(ctx);
    await ctx.jobs.apply(ctx.jobId, removalsSettled(cycleId));
  }

  /**
   * The probe: when its cycle is committed and applied, flushes the member changes its full users round deferred, if
   * any, and otherwise runs the gate; while it is still applying (or has just flushed), comes back later (at most
   * MAX_PROBES times: the timer cycle flushes and runs the gate too). A probe for a cycle that is no longer current stops.
   */
  async probe(msg: RemovalGateMessage): Promise<RemovalGateResult | undefined> {
    const { ctx } = this;
    const state = await ctx.jobs.get(ctx.jobId);
    if (state.cycleId !== msg.cycleId || state.cyclePhase === "failed") return undefined;
    await resendInterruptedFlush(ctx, state, msg.cycleId);
    const backlog = state.cyclePhase === "committed" ? await ctx.pending.count(msg.cycleId) : undefined;
    // Member changes the cycle's full users round deferred go first (their runs refill the backlog); the gate runs only
    // once there is nothing left to flush.
    if (backlog === 0 && (await flushDeferredMembers(ctx, msg.cycleId)) === 0) return this.run(msg.cycleId);
    // Near the end of a full round whose member changes wait for it, look again every second: the flush, and the
    // cycle's convergence, follow its last user's run closely.
    const nearFlush = backlog !== undefined && backlog <= NEAR_FLUSH_BACKLOG && memberFlushPending(state, msg.cycleId);
    const attempt = nearFlush ? 1 : (msg.attempt ?? 0) + 1;
    if (attempt > MAX_PROBES) {
      ctx.log.warn(
        `Removal gate of cycle ${msg.cycleId}: still applying after ${MAX_PROBES} probes; the timer decides.`,
      );
      return undefined;
    }
    await ctx.queue.sendMany(QUEUES.deltaPages, [{ ...msg, attempt }], {
      visibilityDelayMs: removalProbeDelayMs(attempt),
    });
    return undefined;
  }

  /** The verdicts of this cycle: those already fixed, or new ones (fixed by compare-and-set, the first one wins). */
  private async decide(
    cycleId: string,
    stagedUsers: number,
    stagedGroups: number,
  ): Promise<{ users: RemovalVerdict; groups: RemovalVerdict; reason: string }> {
    const { ctx } = this;
    const limits = ctx.removalGuard;
    let managedUsers: number | undefined;
    let userLimit = limits.deactivationThreshold;
    if (stagedUsers > 0 && stagedUsers <= limits.deactivationThreshold) {
      managedUsers = await countManagedUsers(ctx);
      userLimit = userRemovalLimit(limits, managedUsers);
    }
    const users = removalVerdict(stagedUsers, userLimit);
    const groups = removalVerdict(stagedGroups, limits.groupDeleteThreshold);
    const reason = heldReason({
      users: stagedUsers,
      groups: stagedGroups,
      ...(users === "hold" ? { userLimit } : {}),
      ...(managedUsers !== undefined ? { managedUsers } : {}),
      limits,
    });
    const fixed = await ctx.jobs.apply(ctx.jobId, removalsDecided(cycleId, { users, groups }));
    const gate = fixed.state.removalGate;
    const decided = { users: gate?.users ?? users, groups: gate?.groups ?? groups, reason };
    if (fixed.applied && (users === "hold" || groups === "hold")) {
      const record = jobRecord(ctx, {
        cycleId,
        status: "Warning",
        reason,
        error: { code: "RemovalsHeld", message: reason },
      });
      await ctx.activity.append(record);
      ctx.telemetry.trackChange(record);
      ctx.log.warn(reason);
    }
    return decided;
  }

  /** Releases staged removals: queues the runs that apply them (in this cycle), then clears their rows. */
  private async release(cycleId: string, rows: readonly HeldRemoval[]): Promise<number> {
    const { ctx } = this;
    if (rows.length === 0) return 0;
    const origin = `removalGate:${cycleId}`;
    for (const type of ["User", "Group"] as const) {
      const ids = rows.filter((r) => r.objectType === type).map((r) => r.objectId);
      if (ids.length > 0) await queueReleasedRemovals(ctx, cycleId, type, ids, origin);
    }
    for (const r of rows) await ctx.removals.remove(ctx.jobId, r.objectType, r.objectId, "staged");
    return rows.length;
  }

  /** Holds every staged removal of the type: an activity record each (why), then the row marked held. */
  private async hold(objectType: HeldRemoval["objectType"], reason: string): Promise<number> {
    const { ctx } = this;
    let held = 0;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const { entries, more } = await ctx.removals.list(ctx.jobId, { state: "staged", objectType }, PAGE);
      const now = ctx.clock().toISOString();
      for (const r of entries) {
        const record = heldRecord(ctx, r, reason, now);
        await ctx.activity.append(record);
        ctx.telemetry.trackChange(record);
      }
      await ctx.removals.put(
        ctx.jobId,
        entries.map((r) => ({ ...r, state: "held" as const, heldAt: now, heldReason: reason })),
      );
      held += entries.length;
      if (!more) break;
    }
    return held;
  }
}

/**
 * Claims and sends the cycle's gate probe (the first run that stages a removal in a cycle does; the others find it
 * claimed). A probe lost in a crash is covered by the timer: a starting cycle runs the gate of the previous one.
 */
export async function queueRemovalProbe(
  ctx: Pick<EngineContext, "jobId" | "jobs" | "queue">,
  cycleId: string,
): Promise<void> {
  const state = await ctx.jobs.get(ctx.jobId);
  // Work outside the current cycle (a drift scan's repair, say) has no probe of its own: its staged removal is gated
  // with the others when the next cycle starts (which runs the previous cycle's gate), and the current cycle's gate is
  // left as it is.
  if (state.cycleId !== undefined && state.cycleId !== cycleId) return;
  if (state.removalGate?.cycleId === cycleId && state.removalGate.probeQueued) return;
  const claimed = await ctx.jobs.apply(ctx.jobId, removalProbeQueued(cycleId));
  if (!claimed.applied) return;
  const probe: RemovalGateMessage = { kind: "removalGate", jobId: ctx.jobId, cycleId };
  await ctx.queue.sendMany(QUEUES.deltaPages, [probe], { visibilityDelayMs: 1_000 });
}

/**
 * The Slack users the job manages: linked and active. Read only when a cycle stages a few deactivations (the relative
 * limit needs it), by one pass over the links.
 */
export async function countManagedUsers(ctx: Pick<EngineContext, "jobId" | "links">): Promise<number> {
  let managed = 0;
  for await (const link of ctx.links.list(ctx.jobId)) if (link.slackId && link.slackActive !== false) managed++;
  return managed;
}

function heldRecord(
  ctx: Pick<EngineContext, "jobId" | "newId">,
  r: HeldRemoval,
  reason: string,
  at: string,
): ActivityRecord {
  const what = r.objectType === "User" ? "deactivated" : "deleted";
  return {
    jobId: ctx.jobId,
    cycleId: r.cycleId,
    changeId: ctx.newId(),
    at,
    objectType: r.objectType,
    objectId: r.objectId,
    ...(r.identity ? { identity: r.identity } : {}),
    ...(r.slackId ? { slackId: r.slackId } : {}),
    action: r.objectType === "User" ? "Disable" : "Delete",
    status: "Skipped",
    reason: `Would be ${what} in Slack because ${r.evidence}. ${reason}`,
    steps: [{ name: "action", status: "Skipped", detail: "Held by the deletion guard." }],
    modifiedProperties: [],
    errorCode: "RemovalHeld",
    errorMessage: reason,
  };
}
