import { safeKey } from "./keys";
import { OwnerIndexRepository } from "./OwnerIndexRepository";
import type { OwnerEntity } from "./OwnerIndexRepository";
import { readEntity } from "./readEntity";
import { isConflict, isNotFound, isPreconditionFailed } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { SlackIndexStore } from "./StatePorts";

/**
 * The reverse index Slack id → Entra object id. Claiming a Slack id is an insert, so two Entra users can never be linked
 * to the same Slack user (for example two Entra users sharing one email address).
 */
export class SlackIndexRepository extends OwnerIndexRepository implements SlackIndexStore {
  constructor(tables: TableProvider) {
    super(tables, TABLES.slackIndex);
  }

  /** Claims `slackId` for `objectId`. Resolves to the owner after the call (ours, or whoever claimed it first). */
  async claim(jobId: string, slackId: string, objectId: string): Promise<string> {
    const client = await this.client();
    try {
      await client.createEntity<OwnerEntity>({ partitionKey: jobId, rowKey: safeKey(slackId), objectId });
      return objectId;
    } catch (e) {
      if (!isConflict(e)) throw e;
      return (await this.ownerOf(jobId, slackId)) ?? objectId;
    }
  }

  async transfer(jobId: string, slackId: string, from: string, to: string): Promise<string | undefined> {
    const client = await this.client();
    const row = await readEntity<OwnerEntity>(client, jobId, safeKey(slackId));
    if (row?.objectId !== from) return row?.objectId;
    try {
      await client.updateEntity<OwnerEntity>(
        { partitionKey: jobId, rowKey: safeKey(slackId), objectId: to },
        "Replace",
        { etag: row.etag },
      );
      return to;
    } catch (e) {
      if (!isPreconditionFailed(e) && !isNotFound(e)) throw e;
      return this.ownerOf(jobId, slackId);
    }
  }
}
