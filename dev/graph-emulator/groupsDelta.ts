import { deltaCandidates } from "./deltaCandidates";
import type { DeltaPage, DeltaWindow } from "./DeltaPage";
import type { DirectoryStore } from "./DirectoryStore";
import type { StoredGroup } from "./GroupStore";
import { odataTypeOf } from "./GroupStore";
import { indexAfter } from "./indexAfter";
import { renderDirectoryObject } from "./renderDirectoryObject";
import type { ChangeSummary } from "./summarizeChanges";

/** Where the previous page stopped: after group `g`, or inside it after member `m` (its members span pages). */
interface GroupsCursor {
  g: string;
  m?: string;
}

export interface GroupsDeltaLimits {
  /** Group objects per page. */
  pageSize: number;
  /** members@delta entries per page, over all groups of the page; a larger group continues on the next page. */
  linksPerPage: number;
}

interface MemberEntry {
  id: string;
  type: string;
  removed: boolean;
}

/** A group's members@delta entries in id order: the ids, and the entry of one id (built only for a page's slice). */
interface MemberEntries {
  ids: readonly string[];
  entry: (id: string) => MemberEntry;
}

const NO_ENTRIES: MemberEntries = { ids: [], entry: (id) => ({ id, type: "", removed: false }) };

/** A round's member changes of a group in id order, sorted once for the round's pages (summaries are kept per round). */
const sortedLinks = new WeakMap<ChangeSummary, readonly string[]>();

/**
 * Computes one page of groups/delta. Groups are visited in id order after the cursor. The first round (and a group
 * created or restored in the round) lists all current members in members@delta; later rounds list only the member
 * changes of the round, a removal as an entry with "@removed": {"reason": "deleted"}. A group without members has no
 * members@delta key. A group whose entries do not fit in the page's link budget is repeated on the next page with the
 * next slice. Deleted groups come back as "@removed" ("changed" for a soft delete, "deleted" when permanent).
 */
export function computeGroupsDeltaPage(
  store: DirectoryStore,
  window: DeltaWindow,
  limits: GroupsDeltaLimits,
  minimal: boolean,
): DeltaPage {
  const withMembers = window.select.includes("members");
  const round = deltaCandidates(store, "groups", window);
  const summaries = round.summaries;
  const candidates = round.ids;
  const cursor = decodeCursor(window.cursor);
  // After the cursor's group, or from it when the page stopped inside its members.
  const start = cursor ? indexAfter(candidates, cursor.g, cursor.m !== undefined) : 0;

  const items: Record<string, unknown>[] = [];
  let links = 0;
  let last: GroupsCursor | undefined = cursor;
  for (let index = start; index < candidates.length; index++) {
    const id = candidates[index] as string;
    if (items.length >= limits.pageSize) return { items, cursor: encodeCursor(last), more: true };
    const group = store.groups.byId(id);
    const summary = summaries?.get(id);
    if (!window.initial && (!group || group.deletedDateTime !== null)) {
      items.push({ id, "@removed": { reason: group ? "changed" : "deleted" } });
      last = { g: id };
      continue;
    }
    if (!group || group.deletedDateTime !== null) {
      last = { g: id };
      continue;
    }
    // Deleted in the window and live again now (restored since): the client last saw it removed, so it gets it whole.
    const full = window.initial || summary?.createdOrRestored === true || summary?.removed === true;
    const entries = !withMembers ? NO_ENTRIES : full ? currentMembers(store, group) : changedMembers(summary);
    const changedProps = full
      ? undefined
      : [...(summary?.properties ?? [])].filter((p) => p !== "id" && p !== "members" && window.select.includes(p));
    if (!full && (changedProps?.length ?? 0) === 0 && entries.ids.length === 0) {
      last = { g: id };
      continue; // only unselected changes
    }
    const after = cursor && cursor.g === id ? cursor.m : undefined;
    const from = after === undefined ? 0 : indexAfter(entries.ids, after);
    const remaining = entries.ids.length - from;
    if (remaining > 0 && links >= limits.linksPerPage && items.length > 0) {
      return { items, cursor: encodeCursor(last), more: true };
    }
    const take = Math.min(remaining, Math.max(1, limits.linksPerPage - links));
    const slice = entries.ids.slice(from, from + take).map(entries.entry);
    const item = renderGroup(group, window.select, minimal && !full ? changedProps : undefined);
    if (slice.length > 0) item["members@delta"] = slice.map(renderEntry);
    items.push(item);
    links += slice.length;
    if (take < remaining) {
      return { items, cursor: encodeCursor({ g: id, m: slice[slice.length - 1]?.id ?? "" }), more: true };
    }
    last = { g: id };
  }
  return { items, cursor: encodeCursor(last), more: false };
}

/** renderDirectoryObject without "members" (a relationship, rendered as members@delta). */
function renderGroup(
  group: StoredGroup,
  select: readonly string[],
  only: readonly string[] | undefined,
): Record<string, unknown> {
  const props = (only ?? select).filter((p) => p !== "members");
  return renderDirectoryObject(group, props, undefined);
}

/** Every current member (the first round, or a group created or restored in the round). */
function currentMembers(store: DirectoryStore, group: StoredGroup): MemberEntries {
  return {
    ids: store.groups.sortedMemberIds(group),
    entry: (id) => ({ id, type: odataTypeOf(group.members.get(id) ?? "user"), removed: false }),
  };
}

/** The member changes of the round, the last one per member. */
function changedMembers(summary: ChangeSummary | undefined): MemberEntries {
  if (!summary) return NO_ENTRIES;
  let ids = sortedLinks.get(summary);
  if (!ids) {
    ids = [...summary.links.keys()].sort();
    sortedLinks.set(summary, ids);
  }
  return {
    ids,
    entry: (id) => {
      const l = summary.links.get(id);
      return { id, type: l?.type ?? "", removed: l?.op === "remove" };
    },
  };
}

function renderEntry(e: MemberEntry): Record<string, unknown> {
  return e.removed
    ? { "@odata.type": e.type, id: e.id, "@removed": { reason: "deleted" } }
    : { "@odata.type": e.type, id: e.id };
}

function encodeCursor(c: GroupsCursor | undefined): string | undefined {
  return c === undefined ? undefined : JSON.stringify(c);
}

function decodeCursor(raw: string | undefined): GroupsCursor | undefined {
  if (raw === undefined) return undefined;
  try {
    const c = JSON.parse(raw) as GroupsCursor;
    return typeof c.g === "string" ? c : undefined;
  } catch {
    return undefined;
  }
}
