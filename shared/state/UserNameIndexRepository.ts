import type { TransactionAction } from "@azure/data-tables";
import { submitInBatches } from "./batches";
import { safeKey } from "./keys";
import { isNotFound } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { UserNameIndexStore } from "./StatePorts";

interface Entity {
  partitionKey: string;
  rowKey: string;
  objectId: string;
}

/**
 * Which in-scope Entra user wants which Slack userName (in Slack's stored form). Matching consults it so that a Slack
 * user found by a lower-precedence attribute (email) is never adopted when its userName belongs to another Entra user:
 * the outcome no longer depends on which user a worker happens to process first.
 */
export class UserNameIndexRepository implements UserNameIndexStore {
  constructor(private readonly tables: TableProvider) {}

  async ownerOf(jobId: string, slackUserName: string): Promise<string | undefined> {
    const client = await this.tables.table(TABLES.userNameIndex);
    try {
      return (await client.getEntity<Entity>(jobId, safeKey(slackUserName))).objectId;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  async record(jobId: string, entries: readonly { slackUserName: string; objectId: string }[]): Promise<void> {
    const client = await this.tables.table(TABLES.userNameIndex);
    const unique = new Map(entries.map((e) => [e.slackUserName, e.objectId]));
    await submitInBatches(
      client,
      [...unique].map(([name, objectId]): TransactionAction => [
        "upsert",
        { partitionKey: jobId, rowKey: safeKey(name), objectId },
        "Replace",
      ]),
    );
  }
}
