import type { ProvisionUserMessage } from "../queue/messages";
import { defersMemberWork, memberWorkDeferred } from "../state/JobState";
import type { EngineContext } from "./EngineContext";
import type { QueueGroupWorkPorts } from "./queueWork";
import { queueGroupWork } from "./queueWork";
import { queueRemovalProbe } from "./RemovalGate";
import type { WholeGroupCoverage } from "./WholeGroupCoverage";
import { WHOLE_GROUP_CHANGE } from "./WholeGroupCoverage";

export type QueueMemberChangesPorts = QueueGroupWorkPorts & Pick<EngineContext, "jobs" | "memberChanges">;

/**
 * A user's Slack account appeared, or its active state changed: its groups' Slack groups must follow. Records one member
 * change per group (MemberChangeStore), then:
 * - during the cycle's full users round (initial, restart, resync), leaves them for the cycle's flush, which runs once
 *   the round is committed and applied and writes each group's members in batches of 5,000 (flushDeferredMembers). The
 *   first user to defer marks the cycle (the job row, so the cycle is not converged before the flush) and queues the
 *   cycle's probe, which flushes. With `coverage`, no change is recorded for a group the round already left whole to
 *   the flush (WholeGroupCoverage): its reconcile then reads every member's link, this user's included;
 * - otherwise queues each group's member-change run (coalesced, after a short delay), which applies just these changes.
 * In this order, so a crash at any point leaves the work findable: the mark before the rows (the flush waits for this
 * run's backlog row anyway), the rows before the runs that read them. A run repeated after a crash does it all again
 * (UserProvisioner); a change recorded twice is applied once. Provision on demand never defers: its operator waits.
 */
export async function queueMemberChanges(
  ctx: QueueMemberChangesPorts,
  msg: Pick<ProvisionUserMessage, "cycleId" | "changeId" | "reason">,
  userId: string,
  groupIds: readonly string[],
  delayMs?: (groupId: string) => number,
  coverage?: WholeGroupCoverage,
): Promise<"deferred" | "queued"> {
  if (groupIds.length === 0) return "queued";
  const state = await ctx.jobs.get(ctx.jobId);
  let defer = msg.reason !== "onDemand" && defersMemberWork(state, msg.cycleId);
  if (defer && state.deferredMembers?.cycleId !== msg.cycleId) {
    const marked = await ctx.jobs.apply(ctx.jobId, memberWorkDeferred(msg.cycleId));
    // What is stored now decides (another run may have marked it, or the cycle may have failed meanwhile).
    defer = marked.state.deferredMembers?.cycleId === msg.cycleId && defersMemberWork(marked.state, msg.cycleId);
    if (marked.applied) await queueRemovalProbe(ctx, msg.cycleId);
  }
  const toRecord =
    defer && coverage && userId !== WHOLE_GROUP_CHANGE
      ? await coverage.needChange(ctx, msg.cycleId, groupIds)
      : groupIds;
  if (toRecord.length > 0) {
    await ctx.memberChanges.record(
      ctx.jobId,
      toRecord.map((groupId) => ({ groupId, userId, id: ctx.newId() })),
    );
  }
  if (defer) return "deferred";
  await queueGroupWork(ctx, msg.cycleId, groupIds, "member", msg.changeId, delayMs ? { delayMs } : {});
  return "queued";
}
