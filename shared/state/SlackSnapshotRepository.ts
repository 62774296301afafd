import { odata } from "@azure/data-tables";
import type { TableClient, TransactionAction } from "@azure/data-tables";
import type { SlackUser } from "../slack/ScimUser";
import { submitInBatches } from "./batches";
import { isNotFound } from "./tableErrors";
import type { SnapshotIndex } from "./slackSnapshotKeys";
import { snapshotPrefix, snapshotRowKeys } from "./slackSnapshotKeys";
import type { SlackSnapshotStore } from "./StatePorts";
import type { TableProvider } from "./TableProvider";
import { TABLES } from "./tableNames";

type IndexRow = { partitionKey: string; rowKey: string; json: string };
type PointerRow = { partitionKey: string; rowKey: string; cycleId: string };

const COMPLETE = "~complete";
const LATEST = "latest";

/**
 * The snapshot of Slack's users in Table Storage: partition `<job>|<cycle>`, one row per userName and per email of
 * each user (row key `u|<userName>|<id>` or `e|<email>|<id>`, the user as JSON), and a `~complete` row written last.
 * A lookup is one range query over the rows of one value. Partition `<job>|latest` points at the newest complete
 * snapshot; completing a new one deletes the previous one (once per full cycle, proportional to that snapshot).
 */
export class SlackSnapshotRepository implements SlackSnapshotStore {
  constructor(private readonly tables: TableProvider) {}

  private client(): Promise<TableClient> {
    return this.tables.table(TABLES.slackSnapshot);
  }

  async isComplete(jobId: string, cycleId: string): Promise<boolean> {
    const client = await this.client();
    try {
      await client.getEntity(partition(jobId, cycleId), COMPLETE);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  async add(jobId: string, cycleId: string, users: readonly SlackUser[]): Promise<void> {
    const pk = partition(jobId, cycleId);
    const rows = new Map<string, IndexRow>();
    for (const user of users) {
      const json = JSON.stringify(user);
      for (const rowKey of snapshotRowKeys(user)) rows.set(rowKey, { partitionKey: pk, rowKey, json });
    }
    const actions: TransactionAction[] = [...rows.values()].map((row) => ["upsert", row, "Replace"]);
    await submitInBatches(await this.client(), actions);
  }

  async complete(jobId: string, cycleId: string): Promise<void> {
    const client = await this.client();
    await client.upsertEntity({ partitionKey: partition(jobId, cycleId), rowKey: COMPLETE }, "Replace");
    let previous: string | undefined;
    try {
      previous = (await client.getEntity<PointerRow>(`${jobId}|${LATEST}`, LATEST)).cycleId;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    await client.upsertEntity<PointerRow>({ partitionKey: `${jobId}|${LATEST}`, rowKey: LATEST, cycleId }, "Replace");
    if (previous !== undefined && previous !== cycleId) await this.drop(client, partition(jobId, previous));
  }

  findByUserName(jobId: string, cycleId: string, userName: string): Promise<SlackUser[]> {
    return this.find(jobId, cycleId, "u", userName);
  }

  findByEmail(jobId: string, cycleId: string, email: string): Promise<SlackUser[]> {
    return this.find(jobId, cycleId, "e", email);
  }

  private async find(jobId: string, cycleId: string, index: SnapshotIndex, value: string): Promise<SlackUser[]> {
    const client = await this.client();
    const from = snapshotPrefix(index, value);
    // The prefix ends with "|"; "}" is the next character, so [from, to) holds exactly the rows of this value.
    const to = `${from.slice(0, -1)}}`;
    const filter = odata`PartitionKey eq ${partition(jobId, cycleId)} and RowKey ge ${from} and RowKey lt ${to}`;
    const users: SlackUser[] = [];
    for await (const row of client.listEntities<IndexRow>({ queryOptions: { filter } })) {
      users.push(JSON.parse(row.json) as SlackUser);
      if (users.length > 100) break; // as many as a filtered Slack read returns: enough to see a duplicate
    }
    return users;
  }

  private async drop(client: TableClient, pk: string): Promise<void> {
    const keys: string[] = [];
    for await (const row of client.listEntities({
      queryOptions: { filter: odata`PartitionKey eq ${pk}`, select: ["RowKey"] },
    })) {
      keys.push(row.rowKey ?? "");
    }
    await submitInBatches(
      client,
      keys.map((rowKey): TransactionAction => ["delete", { partitionKey: pk, rowKey }]),
    );
  }
}

function partition(jobId: string, cycleId: string): string {
  return `${jobId}|${cycleId}`;
}
