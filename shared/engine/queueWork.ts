import type { ProvisionGroupMessage, ProvisionUserMessage, QueueName } from "../queue/messages";
import { QUEUES } from "../queue/messages";
import { QUEUE_NAMES } from "../queue/queueCatalog";
import type { IdentityLink, QueueMark } from "../state/IdentityLink";
import { ConcurrentWriteError } from "../errors";
import type { PendingMessage } from "../state/PendingWorkRepository";
import type { EngineContext } from "./EngineContext";

/** What queueing work needs: the backlog (outbox), the queue, and the group links for the "queued" mark. */
export type QueueWorkPorts = Pick<EngineContext, "jobId" | "newId" | "pending" | "queue">;
/** Group work also sets the group's "queued" mark on its link (coalescing). */
export type QueueGroupWorkPorts = QueueWorkPorts & Pick<EngineContext, "clock" | "groupLinks">;

/** How long a member-change run waits, gathering the changes of other members meanwhile. */
const MEMBER_BATCH_DELAY_MS = 3_000;

/** A queued group message that has not started within this time is presumed lost, and queued again. */
const QUEUED_STALE_MS = 10 * 60_000;

/**
 * Queues provisioning work for users. Each message is first written to the cycle's backlog (the outbox), then sent; the
 * worker removes its row when done. `origin` names the step that queues (a page, the scope step, a message's change
 * id): if that step is re-delivered, resendPending sends whatever it had written but maybe not sent.
 */
export async function queueUserWork(
  ctx: QueueWorkPorts,
  cycleId: string,
  objectIds: readonly string[],
  reason: ProvisionUserMessage["reason"],
  origin: string,
  extra: Partial<Pick<ProvisionUserMessage, "confirmAbsence">> = {},
): Promise<void> {
  const messages = [...new Set(objectIds)].map((objectId): ProvisionUserMessage => ({
    kind: "provisionUser",
    ...envelope(ctx, cycleId, origin),
    objectId,
    reason,
    ...extra,
  }));
  // A report's manager reference goes in the follow-up lane: not behind a round's waiting creates.
  const queue = reason === "manager" ? QUEUES.provisionFollowUps : QUEUES.provisionUsers;
  await queueMessages(ctx, cycleId, queue, messages);
}

/**
 * Queues group runs like user work: a reconcile (every reason but "member"), or a member-change run ("member": it
 * applies the group's recorded member changes only, see applyMemberChanges). Coalesced: a group that already has a
 * message waiting to start that covers this one is not queued again (that message reads the state when it starts, so
 * it covers this change too); a waiting reconcile covers a member-change run, not the other way round. Hundreds of
 * members provisioned in a burst cause a few runs of their group, not hundreds. Member-change runs wait a moment
 * (`delayMs`, 3 s by default) so that members provisioned together land in one PATCH. `coalesce: false` queues even
 * when a mark says a message is waiting (a caller that knows none is: the cycle's backlog is empty).
 */
export async function queueGroupWork(
  ctx: QueueGroupWorkPorts,
  cycleId: string,
  groupIds: readonly string[],
  reason: ProvisionGroupMessage["reason"],
  origin: string,
  options: { delayMs?: number | ((groupId: string) => number); coalesce?: boolean } = {},
): Promise<void> {
  const mark: QueueMark = reason === "member" ? "membersQueuedAt" : "queuedAt";
  const delayOf = (groupId: string): number => {
    const d = options.delayMs;
    if (typeof d === "function") return reason === "member" ? d(groupId) : 0;
    return d ?? (reason === "member" ? MEMBER_BATCH_DELAY_MS : 0);
  };
  const byDelay = new Map<number, ProvisionGroupMessage[]>();
  for (const groupId of new Set(groupIds)) {
    // Asked for every group, queued or coalesced: a member-triggered delay depends on how often members change.
    const delay = delayOf(groupId);
    if (!(await markGroupQueued(ctx, groupId, mark)) && options.coalesce !== false) continue;
    const message: ProvisionGroupMessage = {
      kind: "provisionGroup",
      ...envelope(ctx, cycleId, origin),
      groupId,
      reason,
    };
    byDelay.set(delay, [...(byDelay.get(delay) ?? []), message]);
  }
  for (const [delay, messages] of byDelay) {
    await queueMessages(ctx, cycleId, QUEUES.provisionGroups, messages, delay);
  }
}

/**
 * Queues the runs that apply removals the deletion guard released or an operator approved (`removal: "released"`).
 * Each run decides again from the latest state, so a user back in scope meanwhile is not deactivated. Group messages
 * are not coalesced: a waiting reconcile would not carry the release.
 */
export async function queueReleasedRemovals(
  ctx: QueueWorkPorts,
  cycleId: string,
  objectType: "User" | "Group",
  objectIds: readonly string[],
  origin: string,
): Promise<void> {
  const released = (objectId: string) => ({
    ...envelope(ctx, cycleId, origin),
    reason: "removal" as const,
    removal: "released" as const,
    ...(objectType === "User"
      ? { kind: "provisionUser" as const, objectId }
      : { kind: "provisionGroup" as const, groupId: objectId }),
  });
  const messages = [...new Set(objectIds)].map(released);
  await queueMessages(ctx, cycleId, objectType === "User" ? QUEUES.provisionUsers : QUEUES.provisionGroups, messages);
}

/**
 * Sends again the messages a step wrote to the backlog and may not have sent (a crash between the two). Called at the
 * start of every step; a message sent twice is harmless (every worker is idempotent).
 */
export async function resendPending(
  ctx: Pick<EngineContext, "pending" | "queue">,
  cycleId: string,
  origin: string,
): Promise<number> {
  const pending = await ctx.pending.byOrigin(cycleId, origin);
  for (const queue of QUEUE_NAMES) {
    const messages = pending.filter((p) => p.queue === queue).map((p) => p.message);
    if (messages.length > 0) await ctx.queue.sendMany(queue, messages);
  }
  return pending.length;
}

/** The fields every provisioning message carries: its job and cycle, a new change id, and its backlog row's key. */
function envelope(ctx: QueueWorkPorts, cycleId: string, origin: string) {
  const changeId = ctx.newId();
  return { jobId: ctx.jobId, cycleId, changeId, pendingKey: `${origin}|${changeId}` };
}

async function queueMessages(
  ctx: QueueWorkPorts,
  cycleId: string,
  queue: QueueName,
  messages: readonly (ProvisionUserMessage | ProvisionGroupMessage)[],
  delayMs = 0,
): Promise<void> {
  if (messages.length === 0) return;
  const entries: PendingMessage[] = messages.map((m) => ({ key: m.pendingKey ?? m.changeId, queue, message: m }));
  await ctx.pending.add(cycleId, entries);
  await ctx.queue.sendMany(queue, messages, delayMs > 0 ? { visibilityDelayMs: delayMs } : {});
}

/** The marks whose waiting message makes a new one of this kind needless: a reconcile covers member changes too. */
const COVERED_BY: Record<QueueMark, readonly QueueMark[]> = {
  queuedAt: ["queuedAt"],
  membersQueuedAt: ["queuedAt", "membersQueuedAt"],
};

/** Sets the group's "queued" mark by compare-and-set; false when a fresh mark that covers it was already there. */
async function markGroupQueued(ctx: QueueGroupWorkPorts, groupId: string, mark: QueueMark): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const now = ctx.clock();
    const stored = await ctx.groupLinks.get(ctx.jobId, groupId);
    const fresh = (at: string | undefined) => at !== undefined && now.getTime() - Date.parse(at) < QUEUED_STALE_MS;
    if (COVERED_BY[mark].some((m) => fresh(stored?.link[m]))) return false;
    try {
      const link: IdentityLink = { ...(stored?.link ?? { objectId: groupId }), [mark]: now.toISOString() };
      if (stored) await ctx.groupLinks.replace(ctx.jobId, link, stored.etag);
      else await ctx.groupLinks.create(ctx.jobId, link);
      return true;
    } catch (e) {
      if (e instanceof ConcurrentWriteError) continue;
      throw e;
    }
  }
  return true; // heavy contention: queue anyway (a duplicate reconcile is harmless)
}
