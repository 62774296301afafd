import type { InvocationContext } from "@azure/functions";
import { GroupProvisioner } from "../shared/engine/GroupProvisioner";
import { requeueOnRetryable } from "../shared/engine/requeueOnRetryable";
import { registerFunction } from "../shared/hosting/registerFunction";
import type { ProvisionGroupMessage } from "../shared/queue/messages";
import { QUEUES } from "../shared/queue/messages";
import { engine } from "../shared/runtime/engine";
import { runInOperation } from "../shared/telemetry/runInOperation";

let provisioner: GroupProvisioner | undefined;

/** Queue: reconciles one assigned (or formerly assigned) Entra group with its Slack group. */
export async function provisionGroup(message: unknown, context: InvocationContext): Promise<void> {
  const msg = message as ProvisionGroupMessage;
  const ctx = engine();
  provisioner ??= new GroupProvisioner(ctx);
  const p = provisioner;
  await runInOperation(ctx.telemetry, context.traceContext, () =>
    requeueOnRetryable(ctx.queue, QUEUES.provisionGroups, msg, ctx.log, async () => {
      const record = await p.provision(msg);
      if (record)
        context.log(`Group ${record.identity ?? msg.groupId}: ${record.action} ${record.status}: ${record.reason}`);
    }),
  );
}

registerFunction({
  kind: "queue",
  name: "provisionGroup",
  queueName: QUEUES.provisionGroups,
  connection: "AzureWebJobsStorage",
  handler: provisionGroup,
});
