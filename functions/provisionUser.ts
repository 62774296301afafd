import type { InvocationContext } from "@azure/functions";
import { requeueOnRetryable } from "../shared/engine/requeueOnRetryable";
import { UserProvisioner } from "../shared/engine/UserProvisioner";
import { registerFunction } from "../shared/hosting/registerFunction";
import type { ProvisionUserMessage } from "../shared/queue/messages";
import { QUEUES } from "../shared/queue/messages";
import { engine } from "../shared/runtime/engine";
import { runInOperation } from "../shared/telemetry/runInOperation";

let provisioner: UserProvisioner | undefined;

/** Queue: reconciles one Entra user with Slack and writes its activity record. */
export async function provisionUser(message: unknown, context: InvocationContext): Promise<void> {
  const msg = message as ProvisionUserMessage;
  const ctx = engine();
  provisioner ??= new UserProvisioner(ctx);
  const p = provisioner;
  await runInOperation(ctx.telemetry, context.traceContext, () =>
    requeueOnRetryable(ctx.queue, QUEUES.provisionUsers, msg, ctx.log, async () => {
      const record = await p.provision(msg);
      if (record)
        context.log(`${record.identity ?? msg.objectId}: ${record.action} ${record.status}: ${record.reason}`);
    }),
  );
}

registerFunction({
  kind: "queue",
  name: "provisionUser",
  queueName: QUEUES.provisionUsers,
  connection: "AzureWebJobsStorage",
  handler: provisionUser,
});
