import { safeKey } from "../../../shared/state/keys";
import type { PendingMessage } from "../../../shared/state/PendingWorkRepository";
import type { PendingWorkStore } from "../../../shared/state/StatePorts";
import { InMemoryTable } from "./InMemoryTable";

interface Row {
  queue: string;
  message: string;
}

/**
 * PendingWorkStore in memory, like PendingWorkRepository: one row per queued message under its (safe) key in the
 * cycle's partition; `byOrigin` answers the rows whose key starts with `${origin}|` (with the row key as their key),
 * `remove` of a row that is gone is fine.
 */
export class InMemoryPendingWorkStore implements PendingWorkStore {
  readonly table = new InMemoryTable<Row>();

  add(cycleId: string, entries: readonly PendingMessage[]): Promise<void> {
    const unique = new Map(entries.map((e) => [e.key, e]));
    return this.table.submit(
      cycleId,
      [...unique.values()].map((e) => ({
        upsert: safeKey(e.key),
        value: { queue: e.queue, message: JSON.stringify(e.message) },
      })),
    );
  }

  remove(cycleId: string, key: string): Promise<boolean> {
    const removed = this.table.delete(cycleId, safeKey(key));
    return Promise.resolve(removed && this.table.partition(cycleId).length === 0);
  }

  byOrigin(cycleId: string, origin: string): Promise<PendingMessage[]> {
    const from = `${safeKey(origin)}|`;
    const to = `${safeKey(origin)}}`; // "}" sorts right after "|", as the Table adapter's range query
    return Promise.resolve(
      this.table
        .partition(cycleId)
        .filter(([rowKey]) => rowKey >= from && rowKey < to)
        .map(([key, row]) => ({ key, queue: row.queue, message: JSON.parse(row.message) as object })),
    );
  }

  count(cycleId: string): Promise<number> {
    return Promise.resolve(this.table.partition(cycleId).length);
  }
}
