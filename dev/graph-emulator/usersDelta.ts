import { deltaCandidates } from "./deltaCandidates";
import type { DeltaPage, DeltaWindow } from "./DeltaPage";
import type { DirectoryStore } from "./DirectoryStore";
import { indexAfter } from "./indexAfter";
import { renderDirectoryObject } from "./renderDirectoryObject";

/**
 * Computes one page of users/delta. Objects are visited in id order after `cursor`; each is rendered from its current
 * state (Graph folds earlier updates into the latest state). Later changes than `upTo` may show up early with the newer
 * state and again in the next round: replays are legal in Graph and clients merge idempotently.
 */
export function computeUsersDeltaPage(
  store: DirectoryStore,
  window: DeltaWindow,
  pageSize: number,
  minimal: boolean,
): DeltaPage {
  const select = window.select;
  const round = deltaCandidates(store, "users", window);
  const summaries = round.summaries;
  const candidates = round.ids;

  const items: Record<string, unknown>[] = [];
  let cursor = window.cursor;
  let index = window.cursor === undefined ? 0 : indexAfter(candidates, window.cursor);
  for (; index < candidates.length && items.length < pageSize; index++) {
    const id = candidates[index] as string;
    cursor = id;
    const user = store.userById(id);
    if (window.initial) {
      if (user && user.deletedDateTime === null)
        items.push(withManager(renderDirectoryObject(user, select, undefined), store, id, select));
      continue;
    }
    const summary = summaries?.get(id);
    if (!user) {
      items.push({ id, "@removed": { reason: "deleted" } });
    } else if (user.deletedDateTime !== null) {
      items.push({ id, "@removed": { reason: "changed" } });
    } else if (summary?.createdOrRestored || summary?.removed) {
      // Created or restored in the window; or deleted in it and restored since (a change after upTo, shown early):
      // the client last saw it removed, so it gets the whole object.
      items.push(withManager(renderDirectoryObject(user, select, undefined), store, id, select));
    } else {
      const changed = [...(summary?.properties ?? [])].filter((p) => p !== "id" && select.includes(p));
      const managerChanges = select.includes("manager") ? [...(summary?.links.keys() ?? [])] : [];
      if (changed.length === 0 && managerChanges.length === 0) continue; // only unselected changes: not reported
      const item = renderDirectoryObject(user, select, minimal ? changed : undefined);
      if (managerChanges.length > 0) item["manager@delta"] = managerDelta(store, id, managerChanges);
      items.push(item);
    }
  }
  return { items, cursor, more: index < candidates.length };
}

/** Adds the full manager link (first round, created or restored user) when manager is selected and set. */
function withManager(
  item: Record<string, unknown>,
  store: DirectoryStore,
  id: string,
  select: readonly string[],
): Record<string, unknown> {
  if (!select.includes("manager")) return item;
  const manager = store.managerOf(id);
  if (manager !== undefined) item["manager@delta"] = [{ "@odata.type": "#microsoft.graph.user", id: manager }];
  return item;
}

/**
 * manager@delta for a changed link: the current manager as an entry, and a replaced or cleared one as an entry with
 * "@removed" (the relationship rule of the Graph change-tracking pattern; the removal shape is not documented).
 */
function managerDelta(store: DirectoryStore, id: string, changedTargets: string[]): Record<string, unknown>[] {
  const current = store.managerOf(id);
  const out: Record<string, unknown>[] = [];
  if (current !== undefined) out.push({ "@odata.type": "#microsoft.graph.user", id: current });
  for (const target of changedTargets) {
    if (target === current) continue;
    out.push({ "@odata.type": "#microsoft.graph.user", id: target, "@removed": { reason: "deleted" } });
  }
  return out;
}
