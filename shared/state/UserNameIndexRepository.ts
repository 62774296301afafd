import type { TransactionAction } from "@azure/data-tables";
import { submitInBatches } from "./batches";
import { safeKey } from "./keys";
import { OwnerIndexRepository } from "./OwnerIndexRepository";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { UserNameIndexStore } from "./StatePorts";

/**
 * Which in-scope Entra user wants which Slack userName (in Slack's stored form). Matching consults it so that a Slack
 * user found by a lower-precedence attribute (email) is never adopted when its userName belongs to another Entra user:
 * the outcome no longer depends on which user a worker happens to process first.
 */
export class UserNameIndexRepository extends OwnerIndexRepository implements UserNameIndexStore {
  constructor(tables: TableProvider) {
    super(tables, TABLES.userNameIndex);
  }

  async record(jobId: string, entries: readonly { slackUserName: string; objectId: string }[]): Promise<void> {
    const client = await this.client();
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
