import type { MessageOf, QueueKey } from "../queue/queueCatalog";
import { DeltaPageProcessor } from "./DeltaPageProcessor";
import type { EngineContext } from "./EngineContext";
import { GroupPageProcessor } from "./GroupPageProcessor";
import { GroupProvisioner } from "./GroupProvisioner";
import type { Logger } from "./Logger";
import { recordPoisoned, recordPoisonedPage } from "./recordPoisoned";
import { UserProvisioner } from "./UserProvisioner";

/** What a queue's function does with a message that passed validation, and with one that reached its poison queue. */
export interface QueueHandlers<M> {
  /** Processes one message; a retryable error is re-queued by the caller (requeueOnRetryable), any other is thrown. */
  handle(ctx: EngineContext, message: M, log: Logger): Promise<void>;
  /** Records a message that failed repeatedly and was moved to the poison queue (nothing is dropped silently). */
  poisoned(ctx: EngineContext, message: M, log: Logger): Promise<void>;
}

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

/** The handlers of every queue in QUEUE_CATALOG (the compiler requires one entry per queue). */
export const QUEUE_HANDLERS: { readonly [K in QueueKey]: QueueHandlers<MessageOf<K>> } = {
  deltaPages: {
    async handle(ctx, msg, log) {
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
    poisoned: (ctx, msg, log) => recordPoisonedPage(ctx, msg, log),
  },
  provisionUsers: {
    async handle(ctx, msg, log) {
      const record = await userProvisioner(ctx).provision(msg);
      if (record) log.info(`${record.identity ?? msg.objectId}: ${record.action} ${record.status}: ${record.reason}`);
    },
    async poisoned(ctx, msg, log) {
      await recordPoisoned(ctx, msg, { type: "User", id: msg.objectId });
      log.warn(`Recorded a poisoned user message for ${msg.objectId}.`);
    },
  },
  provisionGroups: {
    async handle(ctx, msg, log) {
      const record = await groupProvisioner(ctx).provision(msg);
      if (record)
        log.info(`Group ${record.identity ?? msg.groupId}: ${record.action} ${record.status}: ${record.reason}`);
    },
    async poisoned(ctx, msg, log) {
      await recordPoisoned(ctx, msg, { type: "Group", id: msg.groupId });
      log.warn(`Recorded a poisoned group message for ${msg.groupId}.`);
    },
  },
};
