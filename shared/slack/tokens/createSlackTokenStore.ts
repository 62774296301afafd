import type { TokenCredential } from "@azure/identity";
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";
import type { Settings } from "../../config/Settings";
import type { Logger } from "../../engine/Logger";
import { describeError } from "../../errors";
import { fetchHttpClient } from "../../http/fetchHttpClient";
import type { TableProvider } from "../../state/TableProvider";
import { CachedSlackTokenStore } from "./CachedSlackTokenStore";
import { KeyVaultSlackToken } from "./KeyVaultSlackToken";
import { keyVaultSecretUri } from "./keyVaultSecretUri";
import type { SlackTokenStore } from "./SlackTokenStore";
import { TableSlackToken } from "./TableSlackToken";

/** A token read from its vault is sent for a minute before the vault is read again. */
export const SLACK_TOKEN_TTL_MS = 60_000;
/** After Slack refuses a token, the vault is read again at most every 10 s. */
export const SLACK_TOKEN_MIN_REFRESH_MS = 10_000;

export interface SlackTokenStoreDeps {
  tables: TableProvider;
  log: Logger;
  clock: () => Date;
  /** The identity Key Vault is read and written with (default: the managed identity that storage uses). */
  credential?: TokenCredential;
}

/**
 * The app's Slack token: the Key Vault secret SLACK_TOKEN_SECRET_URI names (Azure), or a Table Storage row (no Key
 * Vault: locally), cached in the process, SLACK_TOKEN as set until Authorize stores one. The managed identity is the
 * storage one (AzureWebJobsStorage__clientId), which the Bicep gives the secret's roles.
 */
export function createSlackTokenStore(
  settings: Pick<Settings, "jobId" | "slack" | "storage">,
  deps: SlackTokenStoreDeps,
): SlackTokenStore {
  const { tokenSecretUri, token } = settings.slack;
  const vault = tokenSecretUri
    ? new KeyVaultSlackToken(
        keyVaultSecretUri(tokenSecretUri),
        deps.credential ??
          (settings.storage.clientId
            ? new ManagedIdentityCredential({ clientId: settings.storage.clientId })
            : new DefaultAzureCredential()),
        fetchHttpClient,
      )
    : new TableSlackToken(deps.tables, settings.jobId, token, deps.clock);
  return new CachedSlackTokenStore(vault, {
    fallback: token,
    ttlMs: SLACK_TOKEN_TTL_MS,
    minRefreshMs: SLACK_TOKEN_MIN_REFRESH_MS,
    clock: deps.clock,
    onReadFailed: (e) =>
      deps.log.warn(
        `The Slack token could not be read (${describeError(e).message}); the last one read, or SLACK_TOKEN, is used meanwhile.`,
      ),
  });
}
