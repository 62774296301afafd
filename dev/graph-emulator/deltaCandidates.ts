import type { DirectoryResource } from "./ChangeLog";
import type { DeltaWindow } from "./DeltaPage";
import type { DirectoryStore } from "./DirectoryStore";
import { roundChanges } from "./roundChanges";
import type { ChangeSummary } from "./summarizeChanges";

export interface DeltaCandidates {
  /**
   * Ids of the objects the round visits, in id order (before the page cursor is applied). Shared with later pages of
   * the round: callers must not change it.
   */
  ids: readonly string[];
  /** Per object, its changes in the window; undefined in the first round (every live object, in full). */
  summaries: ReadonlyMap<string, ChangeSummary> | undefined;
}

/**
 * The objects a delta round visits: in the first round every object that is not soft-deleted, later the objects
 * changed in (since, upTo]; narrowed to the window's id filter. Neither sorts the tenant per page: the first round's
 * ids are kept sorted by the store between changes, a later round's are folded once per round (roundChanges).
 */
export function deltaCandidates(
  store: DirectoryStore,
  resource: DirectoryResource,
  window: DeltaWindow,
): DeltaCandidates {
  if (window.initial) {
    const live = resource === "users" ? store.liveUserIds() : store.groups.liveIds();
    if (!window.ids) return { ids: live, summaries: undefined };
    const visible = (id: string): boolean =>
      resource === "users"
        ? store.userById(id)?.deletedDateTime === null
        : store.groups.byId(id)?.deletedDateTime === null;
    return { ids: [...new Set(window.ids)].filter(visible).sort(), summaries: undefined };
  }
  const round = roundChanges(store, resource, window.since, window.upTo);
  if (!window.ids) return round;
  const ids = [...new Set(window.ids)].filter((id) => round.summaries.has(id)).sort();
  return { ids, summaries: round.summaries };
}
