import type { TableClient } from "@azure/data-tables";
import { safeKey } from "./keys";
import { readEntity } from "./readEntity";
import type { TableProvider } from "./TableProvider";

/** A row of an owner index: the Entra object id that owns the row's key, in one job's partition. */
export interface OwnerEntity {
  partitionKey: string;
  rowKey: string;
  objectId: string;
}

/**
 * A table that maps a key (a Slack id, a Slack userName) to the Entra object id that owns it, one partition per job.
 * SlackIndexRepository and UserNameIndexRepository add how an owner is written.
 */
export abstract class OwnerIndexRepository {
  constructor(
    private readonly tables: TableProvider,
    private readonly tableName: string,
  ) {}

  /** The object id that owns `key` in the job, or undefined when nobody does. */
  async ownerOf(jobId: string, key: string): Promise<string | undefined> {
    return (await readEntity<OwnerEntity>(await this.client(), jobId, safeKey(key)))?.objectId;
  }

  protected client(): Promise<TableClient> {
    return this.tables.table(this.tableName);
  }
}
