import type { EngineContext } from "./EngineContext";
import type { QueueGroupWorkPorts } from "./queueWork";
import { queueGroupWork, queueUserWork } from "./queueWork";

/** Escrowed objects retried in one cycle at the most (the rest are due again in the next cycle). */
export const MAX_ESCROW_RETRIES_PER_CYCLE = 500;

export type QueueDueEscrowsPorts = QueueGroupWorkPorts & Pick<EngineContext, "escrows" | "groupProvisioning">;

/**
 * Queues the automatic retry of every escrowed object whose next attempt is due, as part of this cycle's work (so the
 * cycle converges only once they are applied or escrowed again). Resolves with how many were queued.
 */
export async function queueDueEscrows(ctx: QueueDueEscrowsPorts, cycleId: string, origin: string): Promise<number> {
  const due = await ctx.escrows.due(ctx.jobId, ctx.clock(), MAX_ESCROW_RETRIES_PER_CYCLE);
  const users = due.filter((e) => e.objectType === "User").map((e) => e.objectId);
  const groups = ctx.groupProvisioning ? due.filter((e) => e.objectType === "Group").map((e) => e.objectId) : [];
  await queueUserWork(ctx, cycleId, users, "retry", origin);
  await queueGroupWork(ctx, cycleId, groups, "retry", origin);
  return users.length + groups.length;
}
