import type { DirectoryResource } from "./ChangeLog";
import type { DirectoryStore } from "./DirectoryStore";

/** What one object's changes in a delta window amount to. */
export interface ChangeSummary {
  createdOrRestored: boolean;
  /** Deleted (soft or purged) in the window: an object live again now was restored after it, and is sent whole. */
  removed: boolean;
  properties: Set<string>;
  /** Changes of the tracked link in the window, collapsed per target: the last one wins. */
  links: Map<string, { type: string; op: "add" | "remove" }>;
}

/** Folds the change log entries of `resource` in (since, upTo] per object, keeping link changes of `relationship`. */
export function summarizeChanges(
  store: DirectoryStore,
  resource: DirectoryResource,
  relationship: string,
  since: number,
  upTo: number,
): Map<string, ChangeSummary> {
  const summaries = new Map<string, ChangeSummary>();
  for (const e of store.log.between(resource, since, upTo)) {
    let s = summaries.get(e.objectId);
    if (!s) {
      s = { createdOrRestored: false, removed: false, properties: new Set(), links: new Map() };
      summaries.set(e.objectId, s);
    }
    if (e.kind === "created" || e.kind === "restored") s.createdOrRestored = true;
    if (e.kind === "softDeleted" || e.kind === "purged") s.removed = true;
    for (const p of e.properties) s.properties.add(p);
    for (const l of e.links ?? []) {
      if (l.relationship === relationship) s.links.set(l.targetId, { type: l.targetType, op: l.op });
    }
  }
  return summaries;
}
