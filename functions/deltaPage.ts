import type { InvocationContext } from "@azure/functions";
import { DeltaPageProcessor } from "../shared/engine/DeltaPageProcessor";
import { GroupPageProcessor } from "../shared/engine/GroupPageProcessor";
import { requeueOnRetryable } from "../shared/engine/requeueOnRetryable";
import { registerFunction } from "../shared/hosting/registerFunction";
import type { DeltaPageMessage, GroupsDeltaPageMessage } from "../shared/queue/messages";
import { QUEUES } from "../shared/queue/messages";
import { engine } from "../shared/runtime/engine";
import { runInOperation } from "../shared/telemetry/runInOperation";

/**
 * Queue: reads one groups/delta or users/delta page, mirrors it, fans out provisioning work, then queues the next page
 * or commits the round (the groups round first, then the users round of the same cycle).
 */
export async function deltaPage(message: unknown, context: InvocationContext): Promise<void> {
  const msg = message as DeltaPageMessage | GroupsDeltaPageMessage;
  const ctx = engine();
  const what = msg.kind === "groupsDeltaPage" ? "Groups" : "Users";
  await runInOperation(ctx.telemetry, context.traceContext, () =>
    requeueOnRetryable(ctx.queue, QUEUES.deltaPages, msg, ctx.log, async () => {
      const outcome =
        msg.kind === "groupsDeltaPage"
          ? await new GroupPageProcessor(ctx).process(msg)
          : await new DeltaPageProcessor(ctx).process(msg);
      if (outcome.kind === "processed") {
        context.log(
          `${what} page ${msg.pageIndex}: ${outcome.objects} object(s), ${outcome.queued} queued, next: ${outcome.next}.`,
        );
      } else context.log(`${what} page ${msg.pageIndex} ${outcome.kind}: ${outcome.reason}`);
    }),
  );
}

registerFunction({
  kind: "queue",
  name: "deltaPage",
  queueName: QUEUES.deltaPages,
  connection: "AzureWebJobsStorage",
  handler: deltaPage,
});
