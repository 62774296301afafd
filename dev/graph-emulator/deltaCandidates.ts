import type { DirectoryResource } from "./ChangeLog";
import type { DeltaWindow } from "./DeltaPage";
import type { DirectoryStore } from "./DirectoryStore";
import type { ChangeSummary } from "./summarizeChanges";
import { summarizeChanges } from "./summarizeChanges";

/** The link whose changes a delta round of the resource reports (manager@delta, members@delta). */
const TRACKED_LINK: Record<DirectoryResource, string> = { users: "manager", groups: "members" };

export interface DeltaCandidates {
  /** Ids of the objects the round visits, in id order (before the page cursor is applied). */
  ids: string[];
  /** Per object, its changes in the window; undefined in the first round (every live object, in full). */
  summaries: Map<string, ChangeSummary> | undefined;
}

/**
 * The objects a delta round visits: in the first round every object that is not soft-deleted, later the objects
 * changed in (since, upTo]; narrowed to the window's id filter.
 */
export function deltaCandidates(
  store: DirectoryStore,
  resource: DirectoryResource,
  window: DeltaWindow,
): DeltaCandidates {
  let ids: string[];
  let summaries: Map<string, ChangeSummary> | undefined;
  if (window.initial) {
    const objects = resource === "users" ? store.allUsers() : store.groups.all();
    ids = objects.filter((o) => o.deletedDateTime === null).map((o) => o.id);
  } else {
    summaries = summarizeChanges(store, resource, TRACKED_LINK[resource], window.since, window.upTo);
    ids = [...summaries.keys()].sort();
  }
  if (window.ids) {
    const idFilter = new Set(window.ids);
    ids = ids.filter((id) => idFilter.has(id));
  }
  return { ids, summaries };
}
