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
    const full = window.initial || summary?.createdOrRestored === true;
    let entries: MemberEntry[] = [];
    if (withMembers) entries = full ? currentMembers(group) : changedMembers(summary);
    const changedProps = full
      ? undefined
      : [...(summary?.properties ?? [])].filter((p) => p !== "id" && p !== "members" && window.select.includes(p));
    if (!full && (changedProps?.length ?? 0) === 0 && entries.length === 0) {
      last = { g: id };
      continue; // only unselected changes
    }
    const after = cursor && cursor.g === id ? cursor.m : undefined;
    if (after !== undefined) entries = entries.filter((e) => e.id > after);
    if (entries.length > 0 && links >= limits.linksPerPage && items.length > 0) {
      return { items, cursor: encodeCursor(last), more: true };
    }
    const take = Math.min(entries.length, Math.max(1, limits.linksPerPage - links));
    const slice = entries.slice(0, take);
    const item = renderGroup(group, window.select, minimal && !full ? changedProps : undefined);
    if (slice.length > 0) item["members@delta"] = slice.map(renderEntry);
    items.push(item);
    links += slice.length;
    if (take < entries.length) {
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

function currentMembers(group: StoredGroup): MemberEntry[] {
  return [...group.members]
    .map(([id, type]) => ({ id, type: odataTypeOf(type), removed: false }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function changedMembers(summary: ChangeSummary | undefined): MemberEntry[] {
  return [...(summary?.links ?? [])]
    .map(([id, l]) => ({ id, type: l.type, removed: l.op === "remove" }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
