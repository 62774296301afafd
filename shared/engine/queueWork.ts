import type { ProvisionGroupMessage, ProvisionUserMessage } from "../queue/messages";
import { QUEUES } from "../queue/messages";
import type { IdentityLink } from "../state/IdentityLink";
import { ConcurrentWriteError } from "../state/IdentityLinkRepository";
import type { EngineContext } from "./EngineContext";

/**
 * Queues provisioning work for users. Each message is first registered in the cycle's backlog (by its change id), so
 * the cycle cannot look finished while any message is still queued; the worker removes the row when it is done.
 */
export async function queueUserWork(
  ctx: EngineContext,
  cycleId: string,
  objectIds: readonly string[],
  reason: ProvisionUserMessage["reason"],
  extra: Partial<Pick<ProvisionUserMessage, "confirmAbsence">> = {},
): Promise<void> {
  const unique = [...new Set(objectIds)];
  if (unique.length === 0) return;
  const messages: ProvisionUserMessage[] = unique.map((objectId) => ({
    kind: "provisionUser",
    jobId: ctx.jobId,
    cycleId,
    objectId,
    reason,
    changeId: ctx.newId(),
    ...extra,
  }));
  await ctx.pending.add(
    cycleId,
    messages.map((m) => m.changeId),
  );
  await ctx.queue.sendMany(QUEUES.provisionUsers, messages);
}

/** A queued group message that has not started within this time is presumed lost, and queued again. */
const QUEUED_STALE_MS = 10 * 60_000;

/**
 * Queues group reconciliation, registered in the cycle's backlog like user work. Coalesced: a group that already has a
 * message waiting to start is not queued again (that message reads the links when it starts, so it covers this change
 * too); hundreds of members provisioned in a burst cause one or two reconciles of their group, not hundreds.
 */
export async function queueGroupWork(
  ctx: EngineContext,
  cycleId: string,
  groupIds: readonly string[],
  reason: ProvisionGroupMessage["reason"],
): Promise<void> {
  const unique: string[] = [];
  for (const groupId of new Set(groupIds)) {
    if (await markGroupQueued(ctx, groupId)) unique.push(groupId);
  }
  if (unique.length === 0) return;
  const messages: ProvisionGroupMessage[] = unique.map((groupId) => ({
    kind: "provisionGroup",
    jobId: ctx.jobId,
    cycleId,
    groupId,
    reason,
    changeId: ctx.newId(),
  }));
  await ctx.pending.add(
    cycleId,
    messages.map((m) => m.changeId),
  );
  await ctx.queue.sendMany(QUEUES.provisionGroups, messages);
}

/** Sets the group's "queued" mark by compare-and-set; false when a fresh mark was already there. */
async function markGroupQueued(ctx: EngineContext, groupId: string): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const now = ctx.clock();
    const stored = await ctx.groupLinks.get(ctx.jobId, groupId);
    const queuedAt = stored?.link.queuedAt;
    if (queuedAt && now.getTime() - Date.parse(queuedAt) < QUEUED_STALE_MS) return false;
    try {
      const link: IdentityLink = { ...(stored?.link ?? { objectId: groupId }), queuedAt: now.toISOString() };
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
