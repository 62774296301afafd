/** Why an object is on the standing attention list. */
export type AttentionKind = "failed" | "escrowed" | "rejected" | "skipped";

/**
 * One user or group that is not as it should be in Slack, from its latest activity record: what went wrong (kind,
 * code, the record's sentence, which says what to do) and when. Held removals are not kept here: the deletion guard's
 * own table is their list (see heldRemovals.ts).
 */
export interface AttentionEntry {
  objectType: "User" | "Group";
  objectId: string;
  identity?: string;
  kind: AttentionKind;
  action: string;
  errorCode?: string;
  reason: string;
  /** The time of the record that put it here (ISO). */
  at: string;
  cycleId: string;
}
