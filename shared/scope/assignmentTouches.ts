import type { ScopeEntry } from "../state/ScopeRepository";
import type { ScopeTouch } from "./ScopeTouch";

/** The scope touches of assignments added, changed or removed: a user's own, or every user below a group. Pure. */
export function assignmentTouches(changed: readonly ScopeEntry[]): ScopeTouch[] {
  return changed.map((e) =>
    e.principalType === "Group"
      ? { kind: "below" as const, groupId: e.principalId }
      : { kind: "user" as const, userId: e.principalId },
  );
}
