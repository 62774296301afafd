import type { ChangeCounts } from "../cycleTally";

/** A finished cycle as the history shows it: written once, when the cycle converges. */
export interface CycleSummary {
  jobId: string;
  cycleId: string;
  /** What started it: the timer, an operator, a change notification, … (JobState's trigger), when known. */
  trigger?: string;
  full: boolean;
  fullReason?: string;
  startedAt: string;
  /** When its last change was applied (ISO). */
  finishedAt: string;
  durationSeconds: number;
  objectsRead: number;
  counts: ChangeCounts;
  groupCounts: ChangeCounts;
  rejectedTotal: number;
}
