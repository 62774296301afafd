import type { DirectoryStore, StoredUser } from "./DirectoryStore";

/** The part of a delta token that decides what a page contains. */
export interface UsersDeltaWindow {
  since: number;
  upTo: number;
  initial: boolean;
  select: readonly string[];
  ids?: readonly string[];
  cursor?: string;
}

export interface UsersDeltaResult {
  items: Record<string, unknown>[];
  /** Id of the last object examined: the next page starts after it. */
  cursor: string | undefined;
  /** Whether objects remain after the cursor (then the page carries a nextLink). */
  more: boolean;
}

interface Summary {
  createdOrRestored: boolean;
  properties: Set<string>;
  /** Manager link changes in the window, collapsed per target (last op wins). */
  manager: Map<string, "add" | "remove">;
}

/**
 * Computes one page of users/delta. Objects are visited in id order after `cursor`; each is rendered from its current
 * state (Graph folds earlier updates into the latest state). Later changes than `upTo` may show up early with the newer
 * state and again in the next round: replays are legal in Graph and clients merge idempotently.
 */
export function computeUsersDeltaPage(
  store: DirectoryStore,
  window: UsersDeltaWindow,
  pageSize: number,
  minimal: boolean,
): UsersDeltaResult {
  const idFilter = window.ids ? new Set(window.ids) : undefined;
  const select = window.select;
  let candidates: string[];
  let summaries: Map<string, Summary> | undefined;
  if (window.initial) {
    candidates = store
      .allUsers()
      .filter((u) => u.deletedDateTime === null)
      .map((u) => u.id);
  } else {
    summaries = new Map();
    for (const e of store.log.between("users", window.since, window.upTo)) {
      let s = summaries.get(e.objectId);
      if (!s) {
        s = { createdOrRestored: false, properties: new Set(), manager: new Map() };
        summaries.set(e.objectId, s);
      }
      if (e.kind === "created" || e.kind === "restored") s.createdOrRestored = true;
      for (const p of e.properties) s.properties.add(p);
      for (const l of e.links ?? []) if (l.relationship === "manager") s.manager.set(l.targetId, l.op);
    }
    candidates = [...summaries.keys()].sort();
  }
  if (idFilter) candidates = candidates.filter((id) => idFilter.has(id));
  if (window.cursor !== undefined) {
    const after = window.cursor;
    candidates = candidates.filter((id) => id > after);
  }

  const items: Record<string, unknown>[] = [];
  let cursor = window.cursor;
  let index = 0;
  for (; index < candidates.length && items.length < pageSize; index++) {
    const id = candidates[index] as string;
    cursor = id;
    const user = store.userById(id);
    if (window.initial) {
      if (user && user.deletedDateTime === null)
        items.push(withManager(render(user, select, undefined), store, id, select));
      continue;
    }
    const summary = summaries?.get(id);
    if (!user) {
      items.push({ id, "@removed": { reason: "deleted" } });
    } else if (user.deletedDateTime !== null) {
      items.push({ id, "@removed": { reason: "changed" } });
    } else if (summary?.createdOrRestored) {
      items.push(withManager(render(user, select, undefined), store, id, select));
    } else {
      const changed = [...(summary?.properties ?? [])].filter((p) => p !== "id" && select.includes(p));
      const managerChanges = select.includes("manager") ? [...(summary?.manager ?? [])] : [];
      if (changed.length === 0 && managerChanges.length === 0) continue; // only unselected changes: not reported
      const item = render(user, select, minimal ? changed : undefined);
      if (managerChanges.length > 0) item["manager@delta"] = managerDelta(store, id, managerChanges);
      items.push(item);
    }
  }
  return { items, cursor, more: index < candidates.length };
}

/** id plus the selected (or only the given) properties that are set; never-set properties are omitted. */
export function render(
  user: StoredUser,
  select: readonly string[],
  only: readonly string[] | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { id: user.id };
  for (const p of only ?? select) {
    if (p === "id") continue;
    if (p === "createdDateTime") out[p] = user.createdDateTime;
    else if (p === "deletedDateTime") out[p] = user.deletedDateTime;
    else if (Object.prototype.hasOwnProperty.call(user.properties, p)) out[p] = structuredClone(user.properties[p]);
  }
  return out;
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
function managerDelta(
  store: DirectoryStore,
  id: string,
  changes: [string, "add" | "remove"][],
): Record<string, unknown>[] {
  const current = store.managerOf(id);
  const out: Record<string, unknown>[] = [];
  if (current !== undefined) out.push({ "@odata.type": "#microsoft.graph.user", id: current });
  for (const [target] of changes) {
    if (target === current) continue;
    out.push({ "@odata.type": "#microsoft.graph.user", id: target, "@removed": { reason: "deleted" } });
  }
  return out;
}
