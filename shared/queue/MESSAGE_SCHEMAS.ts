import type {
  DeltaPageMessage,
  DriftScanPageMessage,
  GroupsDeltaPageMessage,
  NotificationPokeMessage,
  ProvisionGroupMessage,
  ProvisionUserMessage,
  RemovalGateMessage,
  SubscriptionCheckMessage,
} from "./messages";
import { messageSchema, optional, required, stringEnum } from "./messageSchema";

const id = { type: "string", minLength: 1 };
const count = { type: "integer", minimum: 0 };

/** The fields both kinds of delta page message carry. */
const roundPageFields = {
  jobId: required(id),
  cycleId: required(id),
  round: required(count),
  pageIndex: required(count),
  url: optional({ type: "string" }),
  full: required({ type: "boolean" }),
  attempt: optional(count),
};

/** The fields both kinds of provisioning message carry. */
const provisionFields = {
  jobId: required(id),
  cycleId: required(id),
  changeId: required(id),
  pendingKey: optional(id),
  attempt: optional(count),
  firstFailedAt: optional({ type: "string", minLength: 1 }),
  removal: optional(stringEnum<"released">()(["released"])),
};

/**
 * The JSON schema of every queue message kind, one per type in messages.ts (the field lists are checked against those
 * types at compile time). A queue's trigger validates each message against them before any engine code runs.
 */
export const MESSAGE_SCHEMAS = {
  usersDeltaPage: messageSchema<DeltaPageMessage>("usersDeltaPage", roundPageFields),
  groupsDeltaPage: messageSchema<GroupsDeltaPageMessage>("groupsDeltaPage", roundPageFields),
  removalGate: messageSchema<RemovalGateMessage>("removalGate", {
    jobId: required(id),
    cycleId: required(id),
    attempt: optional(count),
  }),
  notificationPoke: messageSchema<NotificationPokeMessage>("notificationPoke", {
    jobId: required(id),
    attempt: optional(count),
  }),
  subscriptionCheck: messageSchema<SubscriptionCheckMessage>("subscriptionCheck", {
    jobId: required(id),
    reason: required(
      stringEnum<SubscriptionCheckMessage["reason"]>()(["reauthorizationRequired", "subscriptionRemoved", "missed"]),
    ),
    attempt: optional(count),
  }),
  provisionUser: messageSchema<ProvisionUserMessage>("provisionUser", {
    ...provisionFields,
    objectId: required(id),
    reason: required(
      stringEnum<ProvisionUserMessage["reason"]>()([
        "delta",
        "scope",
        "retry",
        "resync",
        "onDemand",
        "manager",
        "removal",
        "drift",
      ]),
    ),
    confirmAbsence: optional({ type: "object", required: ["round"], properties: { round: count } }),
  }),
  driftScanPage: messageSchema<DriftScanPageMessage>("driftScanPage", {
    jobId: required(id),
    scanId: required(id),
    pageIndex: required(count),
    startIndex: required({ type: "integer", minimum: 1 }),
    attempt: optional(count),
  }),
  provisionGroup: messageSchema<ProvisionGroupMessage>("provisionGroup", {
    ...provisionFields,
    groupId: required(id),
    reason: required(
      stringEnum<ProvisionGroupMessage["reason"]>()([
        "membership",
        "scope",
        "member",
        "rename",
        "resync",
        "retry",
        "removal",
        "onDemand",
      ]),
    ),
  }),
} as const;
