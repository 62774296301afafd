import { ConfigurationError } from "../../errors";

/** A Key Vault secret as the REST API addresses it. */
export interface KeyVaultSecretAddress {
  /** The vault's URL without a trailing slash, e.g. https://kv-abc.vault.azure.net */
  vaultUrl: string;
  /** The secret's name, e.g. SLACK-TOKEN. */
  name: string;
  /** The OAuth scope of a token for the vault: https://vault.azure.net/.default in the public cloud. */
  scope: string;
}

const PUBLIC_CLOUD_SCOPE = "https://vault.azure.net/.default";

/**
 * Pure: the vault, the secret's name and the token scope from a secret URI such as
 * `https://kv-abc.vault.azure.net/secrets/SLACK-TOKEN` (a version or a trailing slash is ignored: the latest version is
 * read and a new one written). The scope follows the vault's cloud (`<vault>.vault.azure.cn` →
 * `https://vault.azure.cn/.default`); a host that is not a vault's (a loopback stand-in) gets the public cloud's.
 * Throws ConfigurationError naming SLACK_TOKEN_SECRET_URI when it is not a secret URI.
 */
export function keyVaultSecretUri(uri: string): KeyVaultSecretAddress {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw notASecret(uri);
  }
  const m = /^\/secrets\/([0-9A-Za-z-]{1,127})(?:\/[0-9a-f]*)?\/?$/i.exec(url.pathname);
  if (!m?.[1] || url.search !== "") throw notASecret(uri);
  const cloud = /^[^.]+\.(vault\..+)$/i.exec(url.hostname)?.[1];
  return {
    vaultUrl: url.origin,
    name: m[1],
    scope: cloud ? `https://${cloud.toLowerCase()}/.default` : PUBLIC_CLOUD_SCOPE,
  };
}

function notASecret(uri: string): ConfigurationError {
  return new ConfigurationError(
    `The setting SLACK_TOKEN_SECRET_URI must be a Key Vault secret URI such as ` +
      `https://<vault>.vault.azure.net/secrets/SLACK-TOKEN; it is "${uri}".`,
  );
}
