import { createHash } from "node:crypto";
import type { TableClient } from "@azure/data-tables";
import { readEntity } from "../../state/readEntity";
import type { TableProvider } from "../../state/TableProvider";
import { TABLES } from "../../state/tableNames";
import type { SlackTokenVault } from "./SlackTokenVault";

interface Row {
  partitionKey: string;
  rowKey: string;
  token: string;
  /** Hash of the SLACK_TOKEN setting this token took over from. */
  replaces: string;
  savedAt: string;
}

const ROW = "token";

/**
 * The Slack token Authorize stored, in Table Storage (the `SlackTokens` table, one row per job): the local stack's
 * store, and any deployment without SLACK_TOKEN_SECRET_URI. The row remembers which SLACK_TOKEN it took over from, so
 * an admin who pastes a new SLACK_TOKEN later gets that one: the newer of the two wins.
 */
export class TableSlackToken implements SlackTokenVault {
  private readonly replaces: string;

  constructor(
    private readonly tables: TableProvider,
    private readonly jobId: string,
    /** SLACK_TOKEN as set. */
    settingToken: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.replaces = tokenHash(settingToken);
  }

  get location(): string {
    return `Table Storage (table ${TABLES.slackTokens}, job ${this.jobId})`;
  }

  async read(): Promise<string | undefined> {
    const row = await readEntity<Row>(await this.client(), this.jobId, ROW);
    return row && row.replaces === this.replaces && row.token ? row.token : undefined;
  }

  async write(token: string): Promise<void> {
    const row: Row = {
      partitionKey: this.jobId,
      rowKey: ROW,
      token,
      replaces: this.replaces,
      savedAt: this.clock().toISOString(),
    };
    await (await this.client()).upsertEntity(row, "Replace");
  }

  private client(): Promise<TableClient> {
    return this.tables.table(TABLES.slackTokens);
  }
}

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
