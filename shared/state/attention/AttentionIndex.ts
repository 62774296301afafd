import type { ActivityRecord } from "../ActivityRecord";
import { safeKey } from "../keys";
import type { PartitionSource, RowAction, StoredRow } from "../PartitionRows";
import { isConflict, isNotFound, isPreconditionFailed } from "../tableErrors";
import type { AttentionEntry } from "./AttentionEntry";
import { attentionChange } from "./attentionChange";

/** How often a lost race on one object's row is tried again (another record of the same object wrote it meanwhile). */
const MAX_TRIES = 10;

/**
 * The standing attention list: one row per user or group whose latest activity record is a failure, an escrow, a
 * rejection or a policy skip (attentionChange.ts), in the partition of its job. It is kept on the transitions, as each
 * record is appended (one point read and at most one write per record), never computed by scanning links or the log;
 * a row is replaced only by a newer record of its object (the `at` it carries), under its ETag, so failures appended
 * out of order or concurrently leave the newest one. A clear leaves no row behind (the list stays the size of what is
 * wrong, not of the tenant), so a success appended before an older failure of the same object would let the failure
 * list it until its next record; an object's runs are serialised by its link lease, which keeps its records in order.
 */
export class AttentionIndex {
  constructor(private readonly partitions: PartitionSource) {}

  async note(record: ActivityRecord): Promise<void> {
    const change = attentionChange(record);
    if (!change) return;
    const rows = await this.partitions(record.jobId);
    const rowKey = attentionKey(record.objectType, record.objectId);
    for (let attempt = 1; ; attempt++) {
      const current = await rows.get(rowKey);
      if (current && String(current.props.at) > record.at) return; // a newer record decided already
      if ("clear" in change) {
        // Under the ETag it was read with: a newer verdict written meanwhile is read again, not deleted.
        if (!current || (await rows.deleteIf(rowKey, current.etag))) return;
        if (attempt >= MAX_TRIES) return;
        continue;
      }
      const action = writeFor(rowKey, current, change.set);
      try {
        await rows.transact([action]);
        return;
      } catch (e) {
        const lostRace = isConflict(e) || isPreconditionFailed(e) || isNotFound(e);
        if (!lostRace || attempt >= MAX_TRIES) throw e;
      }
    }
  }

  /** The first `limit` entries (by object key), and whether there are more. Reads at most limit + 1 rows. */
  async list(jobId: string, limit: number): Promise<{ entries: AttentionEntry[]; more: boolean }> {
    const rows = await this.partitions(jobId);
    const head = await rows.head(limit);
    return {
      entries: head.rows.map((r) => JSON.parse(String(r.props.json)) as AttentionEntry),
      more: !head.complete,
    };
  }

  /** One object's entry, if it is on the list (a point read). */
  async get(jobId: string, objectType: "User" | "Group", objectId: string): Promise<AttentionEntry | undefined> {
    const row = await (await this.partitions(jobId)).get(attentionKey(objectType, objectId));
    return row ? (JSON.parse(String(row.props.json)) as AttentionEntry) : undefined;
  }
}

export function attentionKey(objectType: string, objectId: string): string {
  return `${objectType}_${safeKey(objectId)}`;
}

function writeFor(rowKey: string, current: StoredRow | undefined, entry: AttentionEntry): RowAction {
  const props = { at: entry.at, kind: entry.kind, json: JSON.stringify(entry) };
  return current ? { kind: "replace", rowKey, props, etag: current.etag } : { kind: "create", rowKey, props };
}
