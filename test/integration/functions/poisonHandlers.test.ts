/** Poison messages are recorded, not dropped silently (invariant 3), through the real function handlers. */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { InvocationContext } from "@azure/functions";
import "../../../functions/queues";
import { registeredFunctions } from "../../../shared/hosting/registerFunction";
import type { DeltaPageMessage, ProvisionGroupMessage, ProvisionUserMessage } from "../../../shared/queue/messages";
import { engine } from "../../../shared/runtime/engine";
import { EngineHarness } from "../../support/EngineHarness";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();
const quiet = () => new InvocationContext({ functionName: "test", logHandler: () => undefined });

/** The registered queue function of that name, called as the host calls it. */
function queueFunction(name: string): (message: unknown, context: InvocationContext) => Promise<void> {
  const def = registeredFunctions().find((d) => d.name === name);
  assert.ok(def?.kind === "queue", `queue function ${name}`);
  return async (message, context) => {
    await def.handler(message, context);
  };
}
const provisionUserPoison = queueFunction("provisionUserPoison");
const provisionGroupPoison = queueFunction("provisionGroupPoison");
const deltaPagePoison = queueFunction("deltaPagePoison");

void describe("poison queue handlers", () => {
  let h: EngineHarness;
  before(async () => {
    const { connectionString } = await azurite.ready();
    h = await new EngineHarness({ connectionString }).start();
    azurite.beforeStop(() => h.stop());
    Object.assign(process.env, h.settings); // the functions build their engine from the app settings
  });

  void it("a poisoned provisioning message becomes a Failure record and leaves the backlog", async () => {
    const ctx = engine();
    await ctx.pending.add("cycle-p", [{ key: "change-p", queue: "provision-users", message: {} }]);
    const msg: ProvisionUserMessage = {
      kind: "provisionUser",
      jobId: ctx.jobId,
      cycleId: "cycle-p",
      objectId: "user-p",
      reason: "delta",
      changeId: "change-p",
    };
    await provisionUserPoison(msg, quiet());
    const records = await ctx.activity.byObject(ctx.jobId, "user-p");
    assert.equal(records[0]?.status, "Failure");
    assert.equal(records[0]?.errorCode, "PoisonMessage");
    assert.equal(await ctx.pending.count("cycle-p"), 0);
  });

  void it("a poisoned group message becomes a Failure record of the group and leaves the backlog", async () => {
    const ctx = engine();
    await ctx.pending.add("cycle-g", [{ key: "scope|change-g", queue: "provision-groups", message: {} }]);
    const msg: ProvisionGroupMessage = {
      kind: "provisionGroup",
      jobId: ctx.jobId,
      cycleId: "cycle-g",
      groupId: "group-p",
      reason: "scope",
      changeId: "change-g",
      pendingKey: "scope|change-g",
    };
    await provisionGroupPoison(msg, quiet());
    const records = await ctx.activity.byObject(ctx.jobId, "group-p");
    assert.equal(records[0]?.objectType, "Group");
    assert.equal(records[0]?.status, "Failure");
    assert.equal(records[0]?.errorCode, "PoisonMessage");
    assert.equal(await ctx.pending.count("cycle-g"), 0);
  });

  void it("a poisoned delta page fails the cycle visibly and releases its lease", async () => {
    const ctx = engine();
    h.addUser("poison.page@contoso.example");
    const started = await h.startCycle();
    assert.ok(started.started);
    const msg: DeltaPageMessage = {
      kind: "usersDeltaPage",
      jobId: ctx.jobId,
      cycleId: started.cycleId,
      round: 1,
      pageIndex: 0,
      full: true,
    };
    await deltaPagePoison(msg, quiet());
    const state = await ctx.jobs.get(ctx.jobId);
    assert.equal(state.cyclePhase, "failed");
    assert.equal(state.lease, undefined);
    assert.equal(state.lastError?.code, "PoisonMessage");
    assert.equal(state.users.deltaLink, undefined, "the delta link did not advance");
  });
});
