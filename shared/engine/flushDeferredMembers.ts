import type { JobState } from "../state/JobState";
import { memberFlushPending, memberWorkFlushed } from "../state/JobState";
import { mapLimit } from "../state/batches";
import type { EngineContext } from "./EngineContext";
import type { QueueGroupWorkPorts } from "./queueWork";
import { queueGroupWork, resendPending } from "./queueWork";

/**
 * A backlog this small, with member changes waiting for it to drain, is about to: the cycle's probe then looks every
 * second, so the flush (and the cycle's convergence) follows the round's last user run closely.
 */
export const NEAR_FLUSH_BACKLOG = 100;

export type FlushDeferredMembersPorts = QueueGroupWorkPorts & Pick<EngineContext, "jobs" | "memberChanges">;

/**
 * Flushes the member changes a cycle's full users round deferred (queueMemberChanges): queues a member-change run,
 * without delay, for every group with recorded changes, then marks the cycle flushed. Called when the cycle is
 * committed and its backlog is empty (the gate's probe, or the next cycle's start); the runs it queues are in the
 * cycle's backlog, so the cycle converges only once they are done. Each run writes its group's members in PATCHes of
 * 5,000. Resolves with the number of groups queued: 0 when there was nothing (left) to flush.
 *
 * Crash-safe: the job row says the flush is due until it is done; the runs go through the backlog, and a flush that
 * died between writing them there and sending them is completed by resendInterruptedFlush (its callers' first step);
 * a flush done twice queues runs that find nothing to apply.
 */
export async function flushDeferredMembers(ctx: FlushDeferredMembersPorts, cycleId: string): Promise<number> {
  const state = await ctx.jobs.get(ctx.jobId);
  if (!memberFlushPending(state, cycleId)) return 0;
  const origin = flushOrigin(cycleId);
  const linked: string[] = [];
  for await (const link of ctx.groupLinks.list(ctx.jobId)) linked.push(link.objectId);
  const withChanges = await mapLimit(linked, 16, async (groupId) =>
    (await ctx.memberChanges.list(ctx.jobId, groupId, 1)).changes.length > 0 ? groupId : undefined,
  );
  const groups = withChanges.filter((g): g is string => g !== undefined);
  // The backlog is empty: no run of these groups is waiting, whatever a mark left by a lost message says.
  await queueGroupWork(ctx, cycleId, groups, "member", origin, { delayMs: 0, coalesce: false });
  await ctx.jobs.apply(ctx.jobId, memberWorkFlushed(cycleId));
  return groups.length;
}

/**
 * Sends again the runs a flush of the committed cycle wrote to its backlog and may not have sent (a crash in between):
 * they would hold the cycle's backlog up for ever. Only while the flush is not marked done, which is when it can be so.
 */
export async function resendInterruptedFlush(
  ctx: Pick<EngineContext, "pending" | "queue">,
  state: JobState,
  cycleId: string,
): Promise<void> {
  if (state.cyclePhase !== "committed" || !memberFlushPending(state, cycleId)) return;
  await resendPending(ctx, cycleId, flushOrigin(cycleId));
}

/** The backlog origin of a cycle's flush. */
function flushOrigin(cycleId: string): string {
  return `memberFlush:${cycleId}`;
}
