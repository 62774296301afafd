import { CountedBacklog } from "./CountedBacklog";
import type { TableProvider } from "./TableProvider";
import { tablePartitions } from "./TablePartitionRows";
import { TABLES } from "./tableNames";
import type { PendingWorkStore } from "./StatePorts";

/** One queued message of a cycle: its backlog key, the queue it went to and the message itself. */
export interface PendingMessage {
  /** `${origin}|${changeId}`: the origin is the step that queued it (a page, the scope step, another message). */
  key: string;
  queue: string;
  message: object;
}

/**
 * The cycle's backlog, which is also an outbox: one row per queued message, written before the message is sent and
 * removed when the worker has applied it or recorded its failure. A cycle has converged when its delta rounds are
 * committed and its backlog is empty. Rows are keyed by the step that queued them, so a step that is re-delivered after
 * a crash between writing its rows and sending their messages sends them again (`byOrigin`): no orphan row can stall a
 * cycle, and no queued change is lost. The count is a sharded counter kept in the same transactions as the rows
 * (CountedBacklog), so `count` costs the same for ten rows or a million.
 */
export class PendingWorkRepository implements PendingWorkStore {
  private readonly backlog: CountedBacklog;

  constructor(tables: TableProvider) {
    this.backlog = new CountedBacklog(tablePartitions(tables, TABLES.pendingWork));
  }

  add(cycleId: string, entries: readonly PendingMessage[]): Promise<void> {
    return this.backlog.add(cycleId, entries);
  }

  remove(cycleId: string, key: string): Promise<boolean> {
    return this.backlog.remove(cycleId, key);
  }

  /** The messages a step queued in this cycle that are not done yet. */
  byOrigin(cycleId: string, origin: string): Promise<PendingMessage[]> {
    return this.backlog.byOrigin(cycleId, origin);
  }

  count(cycleId: string): Promise<number> {
    return this.backlog.count(cycleId);
  }
}
