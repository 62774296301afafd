import type { ActivityRecord } from "../ActivityRecord";
import { safeKey } from "../keys";
import type { PartitionSource } from "../PartitionRows";
import type { PersonHit } from "./PersonHit";
import { foldTerm, searchTerms } from "./searchTerms";
import type { TermProps } from "./WrittenTerms";
import { WrittenTerms } from "./WrittenTerms";

/** The most index rows one search reads (several terms of one person may match the same prefix). */
const MAX_ROWS_READ = 200;

/**
 * The people search: a prefix index of the names each activity record carries (searchTerms.ts), one row per term and
 * object in the job's partition (`<term>|<type>_<objectId>`), written as the record is appended (one transaction of
 * at most a dozen upserts, in the record's own cost; none for the rows this process already wrote with the same names:
 * WrittenTerms). An upsert merges, so a name the record does not carry (a manager change names no display name) stays
 * as the row had it. A search is one bounded range read: the rows whose term starts
 * with the query, at most MAX_ROWS_READ, distinct objects up to the limit. A renamed person is found by the old names
 * too: the index keeps names (a row per name and object), it is not purged with the log.
 */
export class PeopleIndex {
  /** The rows this process wrote, so that an object's next record writes only what they do not say yet. */
  private readonly written = new WrittenTerms();

  constructor(private readonly partitions: PartitionSource) {}

  async note(record: ActivityRecord): Promise<void> {
    const { terms, displayName } = searchTerms(record);
    if (terms.length === 0 || record.objectType === "Job") return;
    const object = `${record.objectType}_${safeKey(record.objectId)}`;
    const names: TermProps = {
      ...(record.identity ? { identity: record.identity } : {}),
      ...(displayName !== undefined ? { displayName } : {}),
    };
    const cacheKey = `${record.jobId}\u0000${object}`;
    const due = this.written.missing(cacheKey, terms, names);
    if (due.length === 0) return;
    const rows = await this.partitions(record.jobId);
    const props = { objectType: record.objectType, objectId: record.objectId, ...names };
    await rows.transact(due.map((t) => ({ kind: "upsert" as const, rowKey: `${safeKey(t)}|${object}`, props })));
    this.written.wrote(cacheKey, due, names);
  }

  /** Objects with a term starting with `query` (folded), at most `limit`, in term order. */
  async search(jobId: string, query: string, limit: number): Promise<PersonHit[]> {
    const prefix = safeKey(foldTerm(query));
    if (prefix === "") return [];
    const rows = await this.partitions(jobId);
    const found = await rows.range(prefix, prefixEnd(prefix), MAX_ROWS_READ);
    const hits = new Map<string, PersonHit>();
    for (const r of found) {
      const key = `${String(r.props.objectType)}_${String(r.props.objectId)}`;
      const known = hits.get(key);
      const displayName = r.props.displayName === undefined ? known?.displayName : String(r.props.displayName);
      if (known) {
        if (displayName !== undefined) known.displayName = displayName;
        continue;
      }
      if (hits.size >= limit) continue;
      hits.set(key, {
        objectType: r.props.objectType === "Group" ? "Group" : "User",
        objectId: String(r.props.objectId),
        ...(r.props.identity !== undefined ? { identity: String(r.props.identity) } : {}),
        ...(displayName !== undefined ? { displayName } : {}),
        matched: r.rowKey.slice(0, r.rowKey.lastIndexOf("|")),
      });
    }
    return [...hits.values()];
  }
}

/** The first key after every key starting with `prefix`: its last character, plus one. */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
