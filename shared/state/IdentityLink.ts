/** How the Slack user was found: we created it, or we adopted an existing one by a matching attribute. */
export type MatchedBy = "created" | "userName" | "email" | "displayName";

/** A permanent failure remembered so the same payload is not sent again until the user changes in Entra. */
export interface LinkFailure {
  code: string;
  message: string;
  /** Hash of what we tried to send; a different hash (the user changed) lifts the hold. */
  desiredHash: string;
  at: string;
  attempts: number;
}

/** An object whose retries within a cycle were spent: retried automatically in later cycles, at growing intervals. */
export interface LinkEscrow {
  /** How many times it was escrowed in a row. */
  attempts: number;
  since: string;
  lastError: { code: string; message: string };
  nextAttemptAt: string;
}

/**
 * The link between an Entra user and its Slack user, plus what we last exported (to send only what changed) and the
 * per-object lease that keeps two workers from acting on the same user at once.
 */
export interface IdentityLink {
  objectId: string;
  slackId?: string;
  matchedBy?: MatchedBy;
  /** Whether the Slack user is (as far as we last wrote or read) active. */
  slackActive?: boolean;
  /** Target attribute → value, as last written to Slack. */
  exported?: Record<string, string | null>;
  exportedHash?: string;
  failure?: LinkFailure;
  /** Identity for humans: the UPN and display name as last seen. */
  userPrincipalName?: string;
  displayName?: string;
  lastAction?: string;
  lastChangeId?: string;
  updatedAt?: string;
  leaseOwner?: string;
  leaseExpiresAt?: string;
  /** Set while the object is escrowed (see EscrowStore). */
  escrow?: LinkEscrow;
  /**
   * Set while the Slack user is left as it is although the Entra user is out of scope or blocked (OUT_OF_SCOPE_ACTION
   * or DISABLED_USER_ACTION = leave): the drift scan does not compare or repair it. Cleared by the next run that
   * provisions or deactivates the user.
   */
  leftAlone?: "disabled" | "outOfScope";
  /** Set while the deletion guard may hold a removal row for the object (staged, held or rejected). */
  removalPending?: boolean;
  /** Groups: when a (full) reconcile message was queued and has not started yet (coalesces bursts of requests). */
  queuedAt?: string;
  /**
   * Groups: when a member-change run was queued and has not started yet (coalesces bursts of member changes). A waiting
   * reconcile covers member changes too, a waiting member-change run does not cover a reconcile.
   */
  membersQueuedAt?: string;
}

/** The "queued" marks of a group link: a waiting message of that kind makes another one needless. */
export type QueueMark = "queuedAt" | "membersQueuedAt";
