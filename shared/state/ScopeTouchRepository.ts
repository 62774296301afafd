import { odata } from "@azure/data-tables";
import type { TransactionAction } from "@azure/data-tables";
import type { ScopeTouch, ScopeTouches } from "../scope/ScopeTouch";
import { emptyTouches } from "../scope/ScopeTouch";
import { submitInBatches } from "./batches";
import { safeKey } from "./keys";
import { isNotFound } from "./tableErrors";
import type { ScopeTouchStore } from "./StatePorts";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

interface Entity {
  partitionKey: string;
  rowKey: string;
  kind: ScopeTouch["kind"];
  userId?: string;
  groupId?: string;
  op?: "add" | "remove";
}

/** The row of a touch: one per (user, group) edge, per group, per user, so recording a touch again overwrites it. */
export function touchRowKey(t: ScopeTouch): string {
  switch (t.kind) {
    case "edge":
      return `e|${safeKey(t.userId)}|${safeKey(t.groupId)}`;
    case "below":
      return `b|${safeKey(t.groupId)}`;
    case "user":
      return `u|${safeKey(t.userId)}`;
  }
}

/** Adds a stored touch to the grouped form. */
export function addTouch(out: ScopeTouches, t: ScopeTouch): void {
  if (t.kind === "edge") out.edges.push({ userId: t.userId, groupId: t.groupId, op: t.op });
  else if (t.kind === "below") out.below.add(t.groupId);
  else out.users.add(t.userId);
}

/**
 * The scope touches not yet consumed, one partition per job (ScopeTouch). They outlive a cycle that fails before it
 * derives the scope, so the next cycle still sees them; they are cleared once a groups round that derived the scope
 * has committed.
 */
export class ScopeTouchRepository implements ScopeTouchStore {
  constructor(private readonly tables: TableProvider) {}

  async record(jobId: string, touches: readonly ScopeTouch[]): Promise<void> {
    if (touches.length === 0) return;
    const client = await this.tables.table(TABLES.scopeTouches);
    const rows = new Map<string, TransactionAction>();
    for (const t of touches) {
      const rowKey = touchRowKey(t);
      rows.set(rowKey, ["upsert", { partitionKey: jobId, rowKey, ...t }, "Replace"]);
    }
    await submitInBatches(client, [...rows.values()]);
  }

  async list(jobId: string): Promise<ScopeTouches> {
    const client = await this.tables.table(TABLES.scopeTouches);
    const out = emptyTouches();
    for await (const e of client.listEntities<Entity>({ queryOptions: { filter: odata`PartitionKey eq ${jobId}` } })) {
      const t = fromEntity(e);
      if (t) addTouch(out, t);
    }
    return out;
  }

  async clear(jobId: string): Promise<number> {
    const client = await this.tables.table(TABLES.scopeTouches);
    const actions: TransactionAction[] = [];
    const filter = odata`PartitionKey eq ${jobId}`;
    for await (const e of client.listEntities<Entity>({ queryOptions: { filter, select: ["RowKey"] } })) {
      actions.push(["delete", { partitionKey: jobId, rowKey: e.rowKey }]);
    }
    try {
      await submitInBatches(client, actions);
    } catch (e) {
      // Another clear got there first (a re-delivered step): delete one by one, a row already gone is fine.
      if (!isNotFound(e)) throw e;
      for (const [, row] of actions) {
        await client.deleteEntity(row.partitionKey, row.rowKey).catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
      }
    }
    return actions.length;
  }
}

function fromEntity(e: Entity): ScopeTouch | undefined {
  if (e.kind === "edge" && e.userId && e.groupId && (e.op === "add" || e.op === "remove")) {
    return { kind: "edge", userId: e.userId, groupId: e.groupId, op: e.op };
  }
  if (e.kind === "below" && e.groupId) return { kind: "below", groupId: e.groupId };
  if (e.kind === "user" && e.userId) return { kind: "user", userId: e.userId };
  return undefined;
}
