import type { AppRoleAssignment } from "../graph/AppRoleAssignment";
import type { ScopeEntry } from "../state/ScopeRepository";

export interface ScopeChange {
  /** The new complete scope, one entry per principal. */
  next: Map<string, ScopeEntry>;
  added: ScopeEntry[];
  removed: ScopeEntry[];
  /**
   * True when Graph returned no assignments at all although some were stored: an empty read is never trusted as
   * evidence for deactivating everyone. The caller keeps the old scope and records a warning instead.
   */
  suspiciousEmpty: boolean;
}

/** Compares a complete read of the application's assignments with the stored scope. Pure. */
export function computeScopeChange(
  previous: ReadonlyMap<string, ScopeEntry>,
  assignments: readonly AppRoleAssignment[],
): ScopeChange {
  const next = new Map<string, ScopeEntry>();
  for (const a of assignments) {
    if (a.principalType !== "User" && a.principalType !== "Group") continue;
    if (next.has(a.principalId)) continue; // several roles for one principal: one scope entry
    next.set(a.principalId, {
      principalId: a.principalId,
      principalType: a.principalType,
      ...(a.principalDisplayName ? { principalDisplayName: a.principalDisplayName } : {}),
      appRoleId: a.appRoleId,
    });
  }
  // New principals, and principals whose role (or name) changed: both are (re)written.
  const added = [...next.values()].filter((e) => {
    const before = previous.get(e.principalId);
    return !before || before.appRoleId !== e.appRoleId || before.principalDisplayName !== e.principalDisplayName;
  });
  const removed = [...previous.values()].filter((e) => !next.has(e.principalId));
  return { next, added, removed, suspiciousEmpty: next.size === 0 && previous.size > 0 };
}
