import type { ActivityRecord } from "../ActivityRecord";
import type { AttentionEntry } from "./AttentionEntry";

/** What one activity record does to its object's row on the attention list. */
export type AttentionChange = { set: AttentionEntry } | { clear: true } | undefined;

/**
 * The attention list's rule, from the latest record of an object: a failure puts it on the list (escrowed when the
 * record says so), a skip with an error code too (a rejection by validation, a hold after a permanent failure), and a
 * Skip a policy decided (`policy`: a user left as it is, a guest skipped; its code is the setting); a success, a
 * warning or any other skip ("nothing to do") takes it off.
 * A held removal (RemovalHeld) takes it off too: the deletion guard's own table lists the held set. Job records and
 * drift findings (whose repair is the provisioner's own record) change nothing.
 */
export function attentionChange(r: ActivityRecord): AttentionChange {
  if (r.objectType === "Job" || r.action === "Drift") return undefined;
  if (r.errorCode === "RemovalHeld") return { clear: true };
  const failed = r.status === "Failure";
  const rejected = r.status === "Skipped" && r.errorCode !== undefined;
  const byPolicy = r.action === "Skip" && r.policy !== undefined;
  if (!failed && !rejected && !byPolicy) return { clear: true };
  return {
    set: {
      objectType: r.objectType,
      objectId: r.objectId,
      ...(r.identity ? { identity: r.identity } : {}),
      kind: failed ? (r.escrowed ? "escrowed" : "failed") : r.action === "Skip" ? "skipped" : "rejected",
      action: r.action,
      ...(r.errorCode || r.policy ? { errorCode: r.errorCode ?? r.policy } : {}),
      reason: r.reason,
      at: r.at,
      cycleId: r.cycleId,
    },
  };
}
