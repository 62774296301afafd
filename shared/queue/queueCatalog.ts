import { MESSAGE_SCHEMAS } from "./MESSAGE_SCHEMAS";
import type { MessageOfSchema, MessageSchema } from "./messageSchema";

/** One queue of the app: its name, the function that consumes it, and the kinds of message it carries. */
export interface QueueDeclaration {
  /** The storage queue; its poison queue is `<name>-poison`, as the Functions host names it. */
  readonly name: string;
  /** The queue-triggered function; its poison queue's function is `<functionName>Poison`. */
  readonly functionName: string;
  /** The schema of each message kind the queue carries (a message is validated against the one its `kind` names). */
  readonly messages: readonly MessageSchema<{ kind: string }>[];
}

/**
 * Every queue of the app, declared once. Queue names, poison queue names, the function registrations (functions/),
 * message validation, the test harness and the infrastructure test all derive from this list; the handlers of each
 * queue are in shared/engine/QUEUE_HANDLERS.ts. Order matters to the test harness: it drains queues in this order.
 */
export const QUEUE_CATALOG = {
  deltaPages: {
    name: "delta-pages",
    functionName: "deltaPage",
    messages: [
      MESSAGE_SCHEMAS.usersDeltaPage,
      MESSAGE_SCHEMAS.groupsDeltaPage,
      MESSAGE_SCHEMAS.removalGate,
      MESSAGE_SCHEMAS.notificationPoke,
      MESSAGE_SCHEMAS.subscriptionCheck,
    ],
  },
  provisionUsers: {
    name: "provision-users",
    functionName: "provisionUser",
    messages: [MESSAGE_SCHEMAS.provisionUser],
  },
  /**
   * Users' follow-up runs: a report's manager reference, once its manager is in Slack. A lane of their own, so they go
   * out while a large round's creates still wait in provision-users (on Slack's separate PATCH /Users limit), instead
   * of after all of them.
   */
  provisionFollowUps: {
    name: "provision-followups",
    functionName: "provisionFollowUp",
    messages: [MESSAGE_SCHEMAS.provisionUser],
  },
  provisionGroups: {
    name: "provision-groups",
    functionName: "provisionGroup",
    messages: [MESSAGE_SCHEMAS.provisionGroup],
  },
  /** The drift scan's pages (its own queue: a scan never takes a slot of the delta pages or the provisioning). */
  driftScan: {
    name: "drift-scan",
    functionName: "driftScanPage",
    messages: [MESSAGE_SCHEMAS.driftScanPage],
  },
} as const satisfies Record<string, QueueDeclaration>;

export type QueueKey = keyof typeof QUEUE_CATALOG;

/** The message type a queue carries, derived from its schemas. */
export type MessageOf<K extends QueueKey> = MessageOfSchema<(typeof QUEUE_CATALOG)[K]["messages"][number]>;

/** Queue names by key (QUEUES.provisionUsers === "provision-users"). */
export const QUEUES = Object.fromEntries(Object.entries(QUEUE_CATALOG).map(([key, q]) => [key, q.name])) as {
  readonly [K in QueueKey]: (typeof QUEUE_CATALOG)[K]["name"];
};
export type QueueName = (typeof QUEUES)[QueueKey];

/** Every queue name, in catalog order. */
export const QUEUE_NAMES: readonly QueueName[] = Object.values(QUEUES);

/** The poison queue of a queue, as the Functions host names it. */
export function poisonQueueName(queue: QueueName): `${QueueName}-poison` {
  return `${queue}-poison`;
}

/** Which catalog queue a queue name is, and whether it is that queue's poison queue; undefined for any other name. */
export function findQueue(queueName: string): { key: QueueKey; name: QueueName; poison: boolean } | undefined {
  for (const key of Object.keys(QUEUE_CATALOG) as QueueKey[]) {
    const name = QUEUES[key];
    if (queueName === name) return { key, name, poison: false };
    if (queueName === poisonQueueName(name)) return { key, name, poison: true };
  }
  return undefined;
}
