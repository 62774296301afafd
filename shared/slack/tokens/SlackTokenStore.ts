import type { SlackTokenSource } from "./SlackTokenSource";

/** A SlackTokenSource that Authorize can also write to: the token it saves is the one every later call sends. */
export interface SlackTokenStore extends SlackTokenSource {
  /** Keeps `token` where the app reads its Slack token (Key Vault in Azure, Table Storage locally). */
  save(token: string): Promise<void>;
  /** Where the token is kept, for the admin (e.g. "the Key Vault secret SLACK-TOKEN of https://kv-….vault.azure.net"). */
  readonly location: string;
}
