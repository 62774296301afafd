import { odata } from "@azure/data-tables";
import type { TransactionAction } from "@azure/data-tables";
import type { AppRoleAssignment } from "../graph/AppRoleAssignment";
import { submitInBatches } from "./batches";
import { safeKey } from "./keys";
import { readEntity } from "./readEntity";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { AssignmentStore } from "./StatePorts";

/** One principal assigned to the Slack application, as last read completely from Graph. */
export interface ScopeEntry {
  principalId: string;
  principalType: AppRoleAssignment["principalType"];
  principalDisplayName?: string;
  appRoleId: string;
}

interface Entity {
  partitionKey: string;
  rowKey: string;
  principalId: string;
  principalType: string;
  principalDisplayName?: string;
  appRoleId: string;
}

/** The assignment scope: which principals are assigned to the Slack enterprise application. */
export class ScopeRepository implements AssignmentStore {
  constructor(private readonly tables: TableProvider) {}

  async list(jobId: string): Promise<Map<string, ScopeEntry>> {
    const client = await this.tables.table(TABLES.scope);
    const out = new Map<string, ScopeEntry>();
    for await (const e of client.listEntities<Entity>({ queryOptions: { filter: odata`PartitionKey eq ${jobId}` } })) {
      out.set(e.principalId, toEntry(e));
    }
    return out;
  }

  async get(jobId: string, principalId: string): Promise<ScopeEntry | undefined> {
    const client = await this.tables.table(TABLES.scope);
    const e = await readEntity<Entity>(client, jobId, safeKey(principalId));
    return e && toEntry(e);
  }

  async apply(jobId: string, added: readonly ScopeEntry[], removed: readonly string[]): Promise<void> {
    const client = await this.tables.table(TABLES.scope);
    const actions: TransactionAction[] = [
      ...added.map((a): TransactionAction => [
        "upsert",
        {
          partitionKey: jobId,
          rowKey: safeKey(a.principalId),
          principalId: a.principalId,
          principalType: a.principalType,
          principalDisplayName: a.principalDisplayName ?? "",
          appRoleId: a.appRoleId,
        },
        "Replace",
      ]),
      ...removed.map((id): TransactionAction => ["delete", { partitionKey: jobId, rowKey: safeKey(id) }]),
    ];
    await submitInBatches(client, actions);
  }
}

function toEntry(e: Entity): ScopeEntry {
  return {
    principalId: e.principalId,
    principalType: e.principalType as ScopeEntry["principalType"],
    ...(e.principalDisplayName ? { principalDisplayName: e.principalDisplayName } : {}),
    appRoleId: e.appRoleId,
  };
}
