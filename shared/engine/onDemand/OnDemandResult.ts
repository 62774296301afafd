import type { SlackExchange } from "../../slack/slackExchanges";
import type { ActivityRecord, ActivityStep, ModifiedProperty } from "../../state/ActivityRecord";

/**
 * The answer of an on-demand run that ran, or decided there was nothing to do: the steps as the activity record shows
 * them (Entra's on-demand result: import, scope, match, action), how the decision came about, and the Slack side.
 */
export interface OnDemandAnswer {
  objectType: "User" | "Group";
  /** What the caller asked for (an object id or a UPN). */
  query: string;
  objectId: string;
  identity?: string;
  slackId?: string;
  action: ActivityRecord["action"];
  status: ActivityRecord["status"];
  reason: string;
  steps: ActivityStep[];
  modifiedProperties: ModifiedProperty[];
  membersAdded?: string[];
  membersRemoved?: string[];
  errorCode?: string;
  errorMessage?: string;
  /**
   * Whether the run was written down (its link, its activity record, and whatever it sent to Slack); false when there
   * was nothing to do (out of scope and never provisioned, or a removal the deletion guard holds): nothing was written.
   */
  recorded: boolean;
  /** The activity record's cycle, change id and time, when recorded. */
  cycleId?: string;
  changeId?: string;
  at?: string;
  requestedBy: string;
  /** Which scope the decision used: the stored one, as of the last cycle that read the assignments and groups. */
  scopeAsOf: string;
  /** How long the run waited for another run of the same object (a cycle's) to finish first. */
  waitedForLeaseMs: number;
  /** Every request sent to Slack's SCIM API and its answer, the token redacted. */
  slack: SlackExchange[];
  /** Remarks for the operator, e.g. a rename that reaches Slack only with the next cycle. */
  notes?: string[];
  /** A group's members, each provisioned before the group. */
  members?: OnDemandMembers;
}

/** One member of a group on demand, in short. */
export interface OnDemandMemberResult {
  objectId: string;
  identity?: string;
  /** done: ran or decided (see action and status); the others: not done (see reason). */
  outcome: "done" | "notFound" | "busy" | "unavailable";
  action?: ActivityRecord["action"];
  status?: ActivityRecord["status"];
  reason: string;
  /** Requests sent to Slack for this member. */
  slackRequests: number;
}

/** A group's members on demand: how many there were and what happened to them. */
export interface OnDemandMembers {
  /** The group's in-scope transitive members (no cap). */
  total: number;
  byAction: Record<string, number>;
  byStatus: Record<string, number>;
  /** Members not done: gone from Entra ID, busy in another run past the wait, or Slack/Graph unavailable. */
  notDone: { notFound: number; busy: number; unavailable: number };
  results: OnDemandMemberResult[];
}

export type OnDemandResult =
  | { kind: "done"; answer: OnDemandAnswer }
  | { kind: "notFound"; objectType: "User" | "Group"; query: string; message: string }
  | {
      kind: "busy";
      objectType: "User" | "Group";
      objectId: string;
      identity?: string;
      message: string;
      waitedMs: number;
      leaseExpiresAt?: string;
    }
  | {
      kind: "unavailable";
      objectType: "User" | "Group";
      objectId: string;
      identity?: string;
      code: string;
      message: string;
      retryAfterMs?: number;
      slack: SlackExchange[];
    };
