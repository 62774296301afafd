/**
 * The place a Slack token is kept between processes: a Key Vault secret in Azure (KeyVaultSlackToken), a Table
 * Storage row locally (TableSlackToken). CachedSlackTokenStore reads it through this port.
 */
export interface SlackTokenVault {
  /** The token kept there, or undefined when there is none (then SLACK_TOKEN as set applies). */
  read(): Promise<string | undefined>;
  /** Keeps `token` there, replacing what was kept. */
  write(token: string): Promise<void>;
  /** Where that is, for the admin. */
  readonly location: string;
}
