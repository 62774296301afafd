import type { InvocationContext } from "@azure/functions";
import { jobRecord } from "../shared/engine/CycleStarter";
import { registerFunction } from "../shared/hosting/registerFunction";
import type { DeltaPageMessage } from "../shared/queue/messages";
import { QUEUES } from "../shared/queue/messages";
import { engine } from "../shared/runtime/engine";

/** Poison queue of delta pages: records the stalled cycle; the next timer run resumes from the last committed deltaLink. */
export async function deltaPagePoison(message: unknown, context: InvocationContext): Promise<void> {
  const msg = message as DeltaPageMessage;
  const ctx = engine();
  const reason =
    `Reading delta page ${msg.pageIndex} of cycle ${msg.cycleId} failed repeatedly. The cycle stops here; the next ` +
    "cycle starts again from the last committed delta link, so no change is lost.";
  await ctx.activity.append(jobRecord(ctx, msg.cycleId, "Failure", reason, "PoisonMessage", reason));
  const at = ctx.clock().toISOString();
  await ctx.jobs.mutate(ctx.jobId, (s) => {
    if (s.cycleId !== msg.cycleId) return { state: undefined, result: undefined };
    const next = { ...s, cyclePhase: "failed" as const, lastError: { code: "PoisonMessage", message: reason, at } };
    delete next.leaseOwner;
    delete next.leaseExpiresAt;
    return { state: next, result: undefined };
  });
  context.warn(reason);
}

registerFunction({
  kind: "queue",
  name: "deltaPagePoison",
  queueName: `${QUEUES.deltaPages}-poison`,
  connection: "AzureWebJobsStorage",
  handler: deltaPagePoison,
});
