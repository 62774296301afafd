import type { JobState } from "../../state/JobState";

/**
 * Pure: which reads the stored scope comes from, for the operator. A cycle reads the assignments when it starts and
 * derives the scope (nested groups included) once its groups round is committed; until then the previous cycle's
 * scope is in force. An on-demand run uses that stored scope: an assignment or a membership changed since counts from
 * the next cycle.
 */
export function scopeAsOf(state: JobState): string {
  const since =
    "an assignment or group membership changed since counts from the next cycle (POST /api/cycles starts one)";
  if (state.cycleId && state.groups.phase === "done" && state.cyclePhase !== "failed") {
    return `Scope as of cycle ${state.cycleId} (started ${state.cycleStartedAt ?? "?"}); ${since}.`;
  }
  if (state.lastCommittedCycleId) {
    return `Scope as of cycle ${state.lastCommittedCycleId} (read by ${state.lastCommittedAt ?? "?"}); ${since}.`;
  }
  return "No cycle has read the assignments yet, so nothing is in scope: start one (POST /api/cycles) first.";
}
