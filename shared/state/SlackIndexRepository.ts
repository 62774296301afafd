import { safeKey } from "./keys";
import { isConflict, isNotFound } from "./tableErrors";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";
import type { SlackIndexStore } from "./StatePorts";

interface Entity {
  partitionKey: string;
  rowKey: string;
  objectId: string;
}

/**
 * The reverse index Slack id → Entra object id. Claiming a Slack id is an insert, so two Entra users can never be linked
 * to the same Slack user (for example two Entra users sharing one email address).
 */
export class SlackIndexRepository implements SlackIndexStore {
  constructor(private readonly tables: TableProvider) {}

  async ownerOf(jobId: string, slackId: string): Promise<string | undefined> {
    const client = await this.tables.table(TABLES.slackIndex);
    try {
      return (await client.getEntity<Entity>(jobId, safeKey(slackId))).objectId;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** Claims `slackId` for `objectId`. Resolves to the owner after the call (ours, or whoever claimed it first). */
  async claim(jobId: string, slackId: string, objectId: string): Promise<string> {
    const client = await this.tables.table(TABLES.slackIndex);
    try {
      await client.createEntity<Entity>({ partitionKey: jobId, rowKey: safeKey(slackId), objectId });
      return objectId;
    } catch (e) {
      if (!isConflict(e)) throw e;
      return (await this.ownerOf(jobId, slackId)) ?? objectId;
    }
  }
}
