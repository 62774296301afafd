/**
 * The queue message types. Queues themselves are declared in queueCatalog.ts (re-exported here for existing imports),
 * and each type below has its JSON schema in MESSAGE_SCHEMAS.ts: keep the two in step (the compiler checks the field
 * lists, a unit test checks samples).
 */
export { QUEUES } from "./queueCatalog";
export type { QueueName } from "./queueCatalog";

/** One page of a delta round (users or groups) to read, import and fan out. */
interface RoundPageFields {
  jobId: string;
  cycleId: string;
  /** Monotonic number of the round (users and groups count separately); orders observations across rounds. */
  round: number;
  /** 0-based index of this page in the round. */
  pageIndex: number;
  /** The nextLink or deltaLink to read, or undefined for the first page of a full read. */
  url?: string;
  /** True when the round is a full re-read (initial cycle, expired token, restart). */
  full: boolean;
  /** How many times this message was re-queued after a retryable error. */
  attempt?: number;
}

/** One page of a users/delta round. */
export interface DeltaPageMessage extends RoundPageFields {
  kind: "usersDeltaPage";
}

/** One page of a groups/delta round (read before the users round of the same cycle). */
export interface GroupsDeltaPageMessage extends RoundPageFields {
  kind: "groupsDeltaPage";
}

/**
 * The removal gate's probe for one cycle: once the cycle is committed and its backlog is applied, the gate counts the
 * removals the cycle staged and releases or holds them. Sent when a cycle stages its first removal; sent again, later,
 * while the cycle is still applying.
 */
export interface RemovalGateMessage {
  kind: "removalGate";
  jobId: string;
  cycleId: string;
  attempt?: number;
}

/**
 * A change notification arrived: start an incremental cycle unless one has started since the latest notification
 * (then the poke is done). Sent once for any number of notifications; sent again, later, while a cycle is applying.
 */
export interface NotificationPokeMessage {
  kind: "notificationPoke";
  jobId: string;
  attempt?: number;
}

/** Check the change-notification subscriptions now (Graph sent a lifecycle notification, or the timer asks). */
export interface SubscriptionCheckMessage {
  kind: "subscriptionCheck";
  jobId: string;
  reason: "reauthorizationRequired" | "subscriptionRemoved" | "missed";
  attempt?: number;
}

/** Reconcile one assigned (or formerly assigned) Entra group with its Slack group: name and members. */
export interface ProvisionGroupMessage {
  kind: "provisionGroup";
  jobId: string;
  cycleId: string;
  groupId: string;
  reason: "membership" | "scope" | "member" | "rename" | "resync" | "retry" | "removal" | "onDemand";
  changeId: string;
  /** The message's row in the cycle's backlog (`${origin}|${changeId}`). */
  pendingKey?: string;
  attempt?: number;
  /** When the first of its re-queued attempts failed (the retry budget counts from it). */
  firstFailedAt?: string;
  /** Set when the deletion guard released (or an operator approved) this object's removal: the run may apply it. */
  removal?: "released";
}

/** Reconcile one Entra user with Slack: the worker reads the latest snapshot, scope and link and converges. */
export interface ProvisionUserMessage {
  kind: "provisionUser";
  jobId: string;
  cycleId: string;
  objectId: string;
  /** Why the work was queued: a delta change, a scope change, a retry of an earlier attempt, a resync. */
  reason: "delta" | "scope" | "retry" | "resync" | "onDemand" | "manager" | "removal" | "drift";
  /** Correlates the activity record with the change that caused it. */
  changeId: string;
  /** The message's row in the cycle's backlog (`${origin}|${changeId}`). */
  pendingKey?: string;
  /** How many times this message was re-queued after a retryable error. */
  attempt?: number;
  /** When the first of its re-queued attempts failed (the retry budget counts from it). */
  firstFailedAt?: string;
  /**
   * Set by the sweep after a complete full read that did not return this managed user: the worker confirms with a direct
   * read, and only a 404 counts as evidence that the user is gone. `round` is that full read's round.
   */
  confirmAbsence?: { round: number };
  /** Set when the deletion guard released (or an operator approved) this user's deactivation: the run may apply it. */
  removal?: "released";
}

/**
 * One page of a drift scan: read Slack's users from `startIndex` (one page of up to 1,000), compare the managed ones
 * with what was last exported, and record (and in repair mode hand over) what differs. Applies only while its scan
 * waits for this page (the DriftScanStore's cursor), so a re-delivered page is harmless.
 */
export interface DriftScanPageMessage {
  kind: "driftScanPage";
  jobId: string;
  scanId: string;
  pageIndex: number;
  /** Slack's 1-based startIndex of the page. */
  startIndex: number;
  attempt?: number;
}

export type QueueMessage = DeltaPageMessage | GroupsDeltaPageMessage | ProvisionUserMessage | ProvisionGroupMessage;
