import type { InvocationContext } from "@azure/functions";
import { DeltaPageProcessor } from "../shared/engine/DeltaPageProcessor";
import { requeueOnRetryable } from "../shared/engine/requeueOnRetryable";
import { registerFunction } from "../shared/hosting/registerFunction";
import type { DeltaPageMessage } from "../shared/queue/messages";
import { QUEUES } from "../shared/queue/messages";
import { engine } from "../shared/runtime/engine";
import { runInOperation } from "../shared/telemetry/runInOperation";

/** Queue: reads one users/delta page, mirrors it, fans out provisioning work, then queues the next page or commits. */
export async function deltaPage(message: unknown, context: InvocationContext): Promise<void> {
  const msg = message as DeltaPageMessage;
  const ctx = engine();
  await runInOperation(ctx.telemetry, context.traceContext, () =>
    requeueOnRetryable(ctx.queue, QUEUES.deltaPages, msg, ctx.log, async () => {
      const outcome = await new DeltaPageProcessor(ctx).process(msg);
      if (outcome.kind === "processed") {
        context.log(
          `Delta page ${msg.pageIndex}: ${outcome.objects} object(s), ${outcome.queued} queued, next: ${outcome.next}.`,
        );
      } else context.log(`Delta page ${msg.pageIndex} ${outcome.kind}: ${outcome.reason}`);
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
