import type { UserScopeEntry } from "../state/UserScopeRepository";

/** Whether a user is in scope, and through which assignment paths (shown in the activity record's scope step). */
export interface UserScopeDecision {
  inScope: boolean;
  /** Human-readable paths, e.g. "assigned directly", "Sales → EMEA Sales". Empty when out of scope. */
  paths: string[];
  /** Why the user is out of scope when it is assigned but a scoping filter excludes it (names the failing clause). */
  excludedBy?: string;
  /** The assigned groups that reach the user (their Slack groups should hold it). */
  viaGroups?: string[];
}

/**
 * The scope decision under "sync only assigned users and groups", from the materialized scope row: users assigned
 * directly or reachable from an assigned group through any chain of nested groups are in scope. Pure.
 */
export function decideUserScope(entry: UserScopeEntry | undefined): UserScopeDecision {
  if (!entry) return { inScope: false, paths: [] };
  return { inScope: true, paths: entry.paths, viaGroups: entry.viaGroups };
}
