import type { InvocationContext } from "@azure/functions";
import { jobRecord } from "../shared/engine/jobRecord";
import { cycleFailed } from "../shared/state/JobState";
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
  const error = { code: "PoisonMessage", message: reason };
  await ctx.activity.append(jobRecord(ctx, { cycleId: msg.cycleId, status: "Failure", reason, error }));
  await ctx.jobs.apply(ctx.jobId, cycleFailed({ cycleId: msg.cycleId, ...error, now: ctx.clock() }));
  context.warn(reason);
}

registerFunction({
  kind: "queue",
  name: "deltaPagePoison",
  queueName: `${QUEUES.deltaPages}-poison`,
  connection: "AzureWebJobsStorage",
  handler: deltaPagePoison,
});
