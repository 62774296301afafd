import type { ScopeEntry } from "../state/ScopeRepository";

/** Whether a user is in scope, and through which assignment paths (shown in the activity record's scope step). */
export interface UserScopeDecision {
  inScope: boolean;
  /** Human-readable paths, e.g. "assigned directly". Empty when out of scope. */
  paths: string[];
  /** Why the user is out of scope when it is assigned but a scoping filter excludes it (names the failing clause). */
  excludedBy?: string;
}

/**
 * Decides a user's scope under "sync only assigned users and groups". Today: direct user assignments. Group-based
 * assignment (nested groups included) plugs in here by adding the group paths that reach the user.
 */
export function decideUserScope(objectId: string, scope: ReadonlyMap<string, ScopeEntry>): UserScopeDecision {
  const direct = scope.get(objectId);
  if (direct && direct.principalType === "User") return { inScope: true, paths: ["assigned directly"] };
  return { inScope: false, paths: [] };
}
