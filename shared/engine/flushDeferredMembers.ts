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

/**
 * Called by a run whose backlog removal may have emptied the cycle's backlog (its counter shard reached 0): when the
 * cycle is committed, its full round's member changes wait for the flush and the backlog is empty, flushes them now
 * instead of at the removal gate probe's next look (up to a second later, plus that queue's poll). The probe stays the
 * flush's guarantee: a failure here is logged and left to it. Costs a job-row read per hint, a count only when a
 * flush is due.
 */
export async function flushIfDrained(
  ctx: FlushDeferredMembersPorts & Pick<EngineContext, "log">,
  cycleId: string,
): Promise<number> {
  try {
    const state = await ctx.jobs.get(ctx.jobId);
    if (state.cycleId !== cycleId || state.cyclePhase !== "committed" || !memberFlushPending(state, cycleId)) return 0;
    if ((await ctx.pending.count(cycleId)) > 0) return 0;
    const flushed = await flushDeferredMembers(ctx, cycleId);
    if (flushed > 0)
      ctx.log.info(`Cycle ${cycleId}: its backlog is empty; the member changes of ${flushed} group(s) are queued.`);
    return flushed;
  } catch (e) {
    ctx.log.warn(
      `Cycle ${cycleId}: could not flush the deferred member changes after the last run ` +
        `(${e instanceof Error ? e.message : String(e)}); the removal gate's probe flushes them.`,
    );
    return 0;
  }
}
