import { safeKey } from "../../../shared/state/keys";
import type { SourceObservation, SourceUserStore } from "../../../shared/state/StatePorts";
import type { SourceUserRecord } from "../../../shared/state/SourceUserRepository";
import { fromEntity } from "../../../shared/state/SourceUserRepository";
import { getEach } from "./getEach";
import { InMemoryTable } from "./InMemoryTable";

/** The row as SourceUserRepository stores it (merge writes: a column not written keeps its value). */
interface Row {
  objectId?: string;
  snapshot?: string;
  removed?: string;
  seq?: string;
  managed?: boolean;
}

/**
 * SourceUserStore in memory, like SourceUserRepository: observations are merged into the row (a removal keeps the
 * last snapshot, `managed` is left as it is), `setManaged` merges only that column.
 */
export class InMemorySourceUserStore implements SourceUserStore {
  readonly table = new InMemoryTable<Row>();

  get(jobId: string, objectId: string): Promise<SourceUserRecord | undefined> {
    const row = this.table.get(jobId, safeKey(objectId));
    return Promise.resolve(row ? fromEntity(objectId, row) : undefined);
  }

  getMany(jobId: string, objectIds: readonly string[]): Promise<Map<string, SourceUserRecord>> {
    return getEach(
      objectIds,
      (id) => this.get(jobId, id),
      (r) => r.objectId,
    );
  }

  saveObservations(jobId: string, records: readonly SourceObservation[]): Promise<void> {
    const byKey = new Map<string, Row>();
    for (const r of records) {
      byKey.set(safeKey(r.objectId), {
        objectId: r.objectId,
        ...(r.snapshot !== undefined ? { snapshot: JSON.stringify(r.snapshot) } : {}),
        removed: r.removed ?? "",
        seq: r.seq,
      });
    }
    for (const [rowKey, row] of byKey) this.merge(jobId, rowKey, row);
    return Promise.resolve();
  }

  setManaged(jobId: string, objectId: string, managed: boolean): Promise<void> {
    this.merge(jobId, safeKey(objectId), { objectId, managed });
    return Promise.resolve();
  }

  async *list(jobId: string): AsyncIterable<SourceUserRecord> {
    for (const [rowKey, row] of this.table.partition(jobId)) {
      yield await Promise.resolve(fromEntity(row.objectId ?? rowKey, row));
    }
  }

  private merge(jobId: string, rowKey: string, row: Row): void {
    this.table.set(jobId, rowKey, { ...this.table.get(jobId, rowKey), ...row });
  }
}
