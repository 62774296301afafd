import type { TokenCredential } from "@azure/identity";
import { ConfigurationError, TransientError } from "../../errors";
import type { HttpClient, HttpResponse } from "../../http/HttpClient";
import type { KeyVaultSecretAddress } from "./keyVaultSecretUri";
import type { SlackTokenVault } from "./SlackTokenVault";

/** The Key Vault REST API version used (GA). */
export const KEY_VAULT_API_VERSION = "7.4";
const TIMEOUT_MS = 10_000;

/**
 * The Slack token in a Key Vault secret, through the Key Vault REST API with the app's managed identity: reads the
 * secret's latest version, writes a new version. Needs Key Vault Secrets User on the secret to read and Key Vault
 * Secrets Officer to write (infra/modules/rbac.bicep grants both on SLACK-TOKEN only). Errors name the role or say
 * the vault could not be reached; they never carry the secret.
 */
export class KeyVaultSlackToken implements SlackTokenVault {
  constructor(
    private readonly secret: KeyVaultSecretAddress,
    private readonly credential: TokenCredential,
    private readonly http: HttpClient,
  ) {}

  get location(): string {
    return `the Key Vault secret ${this.secret.name} of ${this.secret.vaultUrl}`;
  }

  async read(): Promise<string | undefined> {
    const res = await this.send("GET");
    if (res.status === 404) return undefined;
    const text = await this.check(res, "read");
    const value = (JSON.parse(text) as { value?: unknown }).value;
    return typeof value === "string" && value !== "" ? value : undefined;
  }

  async write(token: string): Promise<void> {
    const res = await this.send(
      "PUT",
      JSON.stringify({
        value: token,
        contentType: "Slack admin user token (xoxp-…), stored by Authorize",
        tags: { storedBy: "slack-authorize" },
      }),
    );
    await this.check(res, "store");
  }

  private async send(method: "GET" | "PUT", body?: string): Promise<HttpResponse> {
    const url = `${this.secret.vaultUrl}/secrets/${encodeURIComponent(this.secret.name)}?api-version=${KEY_VAULT_API_VERSION}`;
    let accessToken: string;
    try {
      const got = await this.credential.getToken(this.secret.scope);
      if (!got) throw new Error("the credential returned no token");
      accessToken = got.token;
    } catch (e) {
      throw new ConfigurationError(
        `The app could not get a token for Key Vault (${e instanceof Error ? e.message : String(e)}). Check that the ` +
          "function app runs as its user-assigned managed identity and that AzureWebJobsStorage__clientId names it.",
      );
    }
    try {
      return await this.http({
        method,
        url,
        headers: {
          authorization: `Bearer ${accessToken}`,
          accept: "application/json",
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      throw new TransientError(
        "KeyVaultUnavailable",
        `Key Vault ${this.secret.vaultUrl} did not answer (${e instanceof Error ? e.message : String(e)}); try again.`,
      );
    }
  }

  /** The body of a 2xx answer; anything else becomes an error that says what to check. */
  private async check(res: HttpResponse, what: "read" | "store"): Promise<string> {
    const text = await res.text();
    if (res.status >= 200 && res.status < 300) return text;
    const code = errorCode(text);
    const said = `HTTP ${res.status}${code ? ` ${code}` : ""}`;
    const secret = `the secret ${this.secret.name} in ${this.secret.vaultUrl}`;
    if (res.status === 401 || res.status === 403) {
      const role = what === "read" ? "Key Vault Secrets User" : "Key Vault Secrets Officer";
      throw new ConfigurationError(
        `Key Vault refused to ${what} ${secret} (${said}). Give the app's managed identity the role ${role} on that ` +
          "secret (infra/modules/rbac.bicep does), and check that SLACK_TOKEN_SECRET_URI names it.",
        { status: res.status },
      );
    }
    if (res.status === 429 || res.status >= 500) {
      throw new TransientError("KeyVaultUnavailable", `Key Vault could not ${what} ${secret} (${said}); try again.`, {
        status: res.status,
      });
    }
    throw new ConfigurationError(
      `Key Vault answered ${said} to ${what === "read" ? "reading" : "storing"} ${secret}. Check SLACK_TOKEN_SECRET_URI.`,
      { status: res.status },
    );
  }
}

/** Key Vault's error code (`{"error":{"code":"Forbidden","innererror":{"code":"ForbiddenByRbac"}}}`), if any. */
function errorCode(text: string): string | undefined {
  try {
    const e = (JSON.parse(text) as { error?: { code?: unknown; innererror?: { code?: unknown } } }).error;
    const codes = [e?.code, e?.innererror?.code].filter((c): c is string => typeof c === "string");
    return codes.length > 0 ? codes.join(": ") : undefined;
  } catch {
    return undefined;
  }
}
