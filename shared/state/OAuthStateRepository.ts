import { odata } from "@azure/data-tables";
import type { TableClient } from "@azure/data-tables";
import { readEntity } from "./readEntity";
import type { OAuthState, OAuthStateStore } from "./StatePorts";
import { isNotFound, isPreconditionFailed } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

interface Row {
  partitionKey: string;
  rowKey: string;
  operator: string;
  redirectUri: string;
  expiresAt: string;
  usedAt?: string;
}

/** Used and expired states are kept this long after they expire, so a replay is told "used", then dropped. */
const KEEP_AFTER_EXPIRY_MS = 60 * 60_000;

/**
 * The pending Slack authorizations in Table Storage: partition = job, row = the state's hash. A state is marked used
 * under the ETag it was read with (412 for a second caller), so it is single use across instances. Creating a state
 * drops the job's states that expired more than an hour ago (a handful: one per Authorize click).
 */
export class OAuthStateRepository implements OAuthStateStore {
  constructor(private readonly tables: TableProvider) {}

  private client(): Promise<TableClient> {
    return this.tables.table(TABLES.slackOAuthStates);
  }

  async create(jobId: string, key: string, state: OAuthState, now: Date): Promise<void> {
    const client = await this.client();
    await client.createEntity<Row>({ partitionKey: jobId, rowKey: key, ...state });
    const before = new Date(now.getTime() - KEEP_AFTER_EXPIRY_MS).toISOString();
    const filter = odata`PartitionKey eq ${jobId} and expiresAt lt ${before}`;
    for await (const old of client.listEntities<Row>({ queryOptions: { filter, select: ["RowKey"] } })) {
      await client.deleteEntity(jobId, old.rowKey, { etag: old.etag }).catch((e: unknown) => {
        if (!isNotFound(e) && !isPreconditionFailed(e)) throw e;
      });
    }
  }

  async read(jobId: string, key: string): Promise<{ state: OAuthState; etag: string } | undefined> {
    const row = await readEntity<Row>(await this.client(), jobId, key);
    if (!row) return undefined;
    const state: OAuthState = {
      operator: row.operator,
      redirectUri: row.redirectUri,
      expiresAt: row.expiresAt,
      ...(row.usedAt ? { usedAt: row.usedAt } : {}),
    };
    return { state, etag: row.etag };
  }

  async markUsed(jobId: string, key: string, etag: string, at: Date): Promise<boolean> {
    try {
      await (
        await this.client()
      ).updateEntity({ partitionKey: jobId, rowKey: key, usedAt: at.toISOString() }, "Merge", {
        etag,
      });
      return true;
    } catch (e) {
      if (isPreconditionFailed(e) || isNotFound(e)) return false;
      throw e;
    }
  }
}
