import { chunk, forEachLimit } from "./batches";
import { safeKey } from "./keys";
import type { PartitionSource } from "./PartitionRows";
import { MAX_TRANSACTION_ACTIONS } from "./PartitionRows";
import type { MemberChange, MemberChangeStore, NewMemberChange } from "./StatePorts";
import { isNotFound } from "./tableErrors";

/** Transactions written or deleted at once. */
const PARALLEL_BATCHES = 4;

/**
 * MemberChangeStore on one table's partitions (Table Storage through TablePartitionRows, or the in-memory table): the
 * partition is the job and the group, the row key the user then the change's own id, so no write ever replaces a row a
 * run has read. Deletes go in transactions of 100; a transaction that meets a row
 * already gone (a run repeated after a crash) is redone row by row, each deleted only while it is the row that was read.
 */
export class MemberChangeRepository implements MemberChangeStore {
  constructor(private readonly partitions: PartitionSource) {}

  async record(jobId: string, changes: readonly NewMemberChange[]): Promise<void> {
    const byGroup = new Map<string, NewMemberChange[]>();
    for (const c of changes) byGroup.set(c.groupId, [...(byGroup.get(c.groupId) ?? []), c]);
    for (const [groupId, rows] of byGroup) {
      const p = await this.partitions(partitionKey(jobId, groupId));
      await forEachLimit(chunk(rows, MAX_TRANSACTION_ACTIONS), PARALLEL_BATCHES, async (batch) => {
        await p.transact(
          batch.map((c) => ({ kind: "upsert", rowKey: rowKey(c.userId, c.id), props: { userId: c.userId } })),
        );
      });
    }
  }

  async list(jobId: string, groupId: string, limit: number): Promise<{ changes: MemberChange[]; more: boolean }> {
    const p = await this.partitions(partitionKey(jobId, groupId));
    const { rows, complete } = await p.head(limit);
    const changes = rows.flatMap((r): MemberChange[] =>
      typeof r.props.userId === "string" ? [{ userId: r.props.userId, rowKey: r.rowKey, etag: r.etag }] : [],
    );
    return { changes, more: !complete };
  }

  async remove(jobId: string, groupId: string, changes: readonly MemberChange[]): Promise<void> {
    const p = await this.partitions(partitionKey(jobId, groupId));
    const unique = [...new Map(changes.map((c) => [c.rowKey, c])).values()];
    await forEachLimit(chunk(unique, MAX_TRANSACTION_ACTIONS), PARALLEL_BATCHES, async (batch) => {
      try {
        await p.transact(batch.map((c) => ({ kind: "delete", rowKey: c.rowKey })));
      } catch (e) {
        if (!isNotFound(e)) throw e;
        for (const c of batch) await p.deleteIf(c.rowKey, c.etag);
      }
    });
  }
}

function partitionKey(jobId: string, groupId: string): string {
  return `${jobId}_${safeKey(groupId)}`;
}

/** The user, then the change's own id: a new row per change, never one a run has read. */
function rowKey(userId: string, id: string): string {
  return `${safeKey(userId)}|${safeKey(id)}`;
}
