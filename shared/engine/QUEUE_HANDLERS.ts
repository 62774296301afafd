import type { MessageOf, QueueKey } from "../queue/queueCatalog";
import { DeltaPageProcessor } from "./DeltaPageProcessor";
import type { EngineContext } from "./EngineContext";
import { GroupPageProcessor } from "./GroupPageProcessor";
import { GroupProvisioner } from "./GroupProvisioner";
import type { Logger } from "./Logger";
import type { Delivery } from "../queue/Delivery";
import { recordPoisonedPage } from "./recordPoisoned";
import { RemovalGate } from "./RemovalGate";
import { escrowObject } from "./escrowObject";
import { ProvisioningError } from "../errors";
import { handlePoke } from "../notifications/handlePoke";
import { maintainSubscriptions } from "../notifications/maintainSubscriptions";
import { requestCatchUp } from "../notifications/requestCatchUp";
import { UserProvisioner } from "./UserProvisioner";
import { DriftScanner } from "../drift/DriftScanner";
import { driftCycleId } from "../drift/DriftScanState";
import { jobRecord } from "./jobRecord";

/** What a queue's function does with a message that passed validation, and with one that reached its poison queue. */
export interface QueueHandlers<M> {
  /** Processes one message; a retryable error is re-queued by the caller (requeueOnRetryable), any other is thrown. */
  handle(ctx: EngineContext, message: M, log: Logger, delivery?: Delivery): Promise<void>;
  /** Records a message that failed repeatedly and was moved to the poison queue (nothing is dropped silently). */
  poisoned(ctx: EngineContext, message: M, log: Logger): Promise<void>;
  /** For a message about one object: escrows the object when the message's retry budget for the cycle is spent. */
  escrow?(ctx: EngineContext, message: M, error: unknown, tries: number): Promise<void>;
}

/** A poisoned message's object is escrowed like one whose budget was spent (the host only tells that it gave up). */
const POISONED = new ProvisioningError(
  "PoisonMessage",
  "The message failed repeatedly and the Functions host moved it to the poison queue; see the function logs for the error.",
);

/** One provisioner per engine context (so one per process in Functions), kept across messages as before. */
function once<T>(create: (ctx: EngineContext) => T): (ctx: EngineContext) => T {
  const made = new WeakMap<EngineContext, T>();
  return (ctx) => {
    let value = made.get(ctx);
    if (value === undefined) {
      value = create(ctx);
      made.set(ctx, value);
    }
    return value;
  };
}
const userProvisioner = once((ctx) => new UserProvisioner(ctx));
const groupProvisioner = once((ctx) => new GroupProvisioner(ctx));

/** A user's provisioning run, from provision-users or from the follow-up lane (see the catalog). */
const USER_RUNS: QueueHandlers<MessageOf<"provisionUsers">> = {
  async handle(ctx, msg, log, delivery) {
    const record = await userProvisioner(ctx).provision(msg, undefined, delivery);
    if (record) log.info(`${record.identity ?? msg.objectId}: ${record.action} ${record.status}: ${record.reason}`);
  },
  async poisoned(ctx, msg) {
    await escrowObject(ctx, { ...escrowOf(msg, msg.objectId, "User"), error: POISONED, tries: 0, poisoned: true });
  },
  async escrow(ctx, msg, error, tries) {
    await escrowObject(ctx, { ...escrowOf(msg, msg.objectId, "User"), error, tries });
  },
};

/** The handlers of every queue in QUEUE_CATALOG (the compiler requires one entry per queue). */
export const QUEUE_HANDLERS: { readonly [K in QueueKey]: QueueHandlers<MessageOf<K>> } = {
  deltaPages: {
    async handle(ctx, msg, log) {
      if (msg.kind === "removalGate") {
        const result = await new RemovalGate(ctx).probe(msg);
        if (result) log.info(`Removal gate of cycle ${msg.cycleId}: ${JSON.stringify(result)}.`);
        return;
      }
      if (msg.kind === "notificationPoke") {
        log.info(`Change notification: ${await handlePoke(ctx, msg)}.`);
        return;
      }
      if (msg.kind === "subscriptionCheck") {
        await maintainSubscriptions(ctx);
        // Removed or missed: notifications may have been lost, so read what changed.
        if (msg.reason !== "reauthorizationRequired") await requestCatchUp(ctx, { force: true });
        return;
      }
      const what = msg.kind === "groupsDeltaPage" ? "Groups" : "Users";
      const outcome =
        msg.kind === "groupsDeltaPage"
          ? await new GroupPageProcessor(ctx).process(msg)
          : await new DeltaPageProcessor(ctx).process(msg);
      if (outcome.kind === "processed") {
        log.info(
          `${what} page ${msg.pageIndex}: ${outcome.objects} object(s), ${outcome.queued} queued, next: ${outcome.next}.`,
        );
      } else log.info(`${what} page ${msg.pageIndex} ${outcome.kind}: ${outcome.reason}`);
    },
    poisoned: async (ctx, msg, log) => {
      // A lost probe is covered by the timer (a starting cycle runs the previous cycle's gate): say so and move on.
      if (msg.kind === "removalGate")
        log.warn(`The removal gate probe of cycle ${msg.cycleId} was poisoned; the timer runs the gate.`);
      else if (msg.kind === "notificationPoke" || msg.kind === "subscriptionCheck")
        log.warn(`A ${msg.kind} message was poisoned; the scheduled cycle and the subscription timer cover it.`);
      else await recordPoisonedPage(ctx, msg, log);
    },
  },
  provisionUsers: USER_RUNS,
  provisionFollowUps: USER_RUNS,
  driftScan: {
    async handle(ctx, msg, log) {
      const outcome = await new DriftScanner(ctx).processPage(msg);
      if (outcome.kind === "skipped")
        log.info(`Drift scan ${msg.scanId} page ${msg.pageIndex} skipped: ${outcome.reason}.`);
      else {
        const c = outcome.counts;
        log.info(
          `Drift scan ${msg.scanId} page ${msg.pageIndex}: ${c.usersRead} read, ${c.managed} managed, ${c.drifted} drifted, ` +
            `${c.repairsQueued} repair(s) queued${outcome.last ? " (last page)" : ""}.`,
        );
      }
    },
    async poisoned(ctx, msg, log) {
      // Nothing is lost: every user of the page is compared again by the next scan, which the due check starts once
      // this one stops making progress.
      const reason =
        `Drift scan ${msg.scanId}: page ${msg.pageIndex} (Slack users from ${msg.startIndex}) failed repeatedly and ` +
        "was moved to the poison queue; the scan stops there and a new one starts at the next due check. See the " +
        "driftScanPage function logs for the error.";
      const record = jobRecord(ctx, {
        cycleId: driftCycleId(msg.scanId),
        status: "Warning",
        reason,
        error: { code: "PoisonMessage", message: reason },
      });
      await ctx.activity.append(record);
      ctx.telemetry.trackChange(record);
      log.warn(reason);
    },
  },
  provisionGroups: {
    async handle(ctx, msg, log, delivery) {
      const record = await groupProvisioner(ctx).provision(msg, undefined, delivery);
      if (record)
        log.info(`Group ${record.identity ?? msg.groupId}: ${record.action} ${record.status}: ${record.reason}`);
    },
    async poisoned(ctx, msg) {
      await escrowObject(ctx, { ...escrowOf(msg, msg.groupId, "Group"), error: POISONED, tries: 0, poisoned: true });
    },
    async escrow(ctx, msg, error, tries) {
      await escrowObject(ctx, { ...escrowOf(msg, msg.groupId, "Group"), error, tries });
    },
  },
};

/** The part of an escrow that comes from the message. */
function escrowOf(
  msg: { cycleId: string; changeId: string; pendingKey?: string },
  objectId: string,
  objectType: "User" | "Group",
) {
  return {
    objectType,
    objectId,
    cycleId: msg.cycleId,
    changeId: msg.changeId,
    ...(msg.pendingKey ? { pendingKey: msg.pendingKey } : {}),
  };
}
