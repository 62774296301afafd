import { isLoopbackHost } from "../http/isLoopbackHost";
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";

/**
 * A minimal OAuth 2.0 client-credentials TokenCredential, used ONLY when the authority is plain http on loopback
 * (the local Graph emulator). @azure/identity's ClientSecretCredential refuses such authorities: its constructor
 * throws "The authorityHost address must use the 'https' protocol." (checked against @azure/identity 4.14.1), and the
 * local stack has no TLS. Real authorities always go through ClientSecretCredential.
 *
 * Error messages carry the authority's error code and AADSTS description, never the secret or a token.
 */
export interface LoopbackClientSecretCredentialOptions {
  /** An http authority on loopback, e.g. http://127.0.0.1:PORT (the local Graph emulator). */
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

export class LoopbackClientSecretCredential implements TokenCredential {
  private readonly tokenUrl: string;
  private readonly clientId: string;
  private readonly clientSecret: string;

  constructor({ authorityHost, tenantId, clientId, clientSecret }: LoopbackClientSecretCredentialOptions) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    const u = new URL(authorityHost);
    if (u.protocol !== "http:" || !isLoopbackHost(u.hostname)) {
      throw new Error("LoopbackClientSecretCredential only talks to http authorities on loopback.");
    }
    this.tokenUrl = `${authorityHost.replace(/\/+$/, "")}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`;
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    const scope = Array.isArray(scopes) ? scopes.join(" ") : scopes;
    const body = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.clientId,
      client_secret: this.clientSecret,
      scope,
    });
    const res = await fetch(this.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: body.toString(),
      // AbortSignalLike is structurally a subset of AbortSignal; fetch only uses aborted/addEventListener.
      signal: (options?.abortSignal as AbortSignal | undefined) ?? AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // not JSON; handled below
    }
    const token = json.access_token;
    if (!res.ok || typeof token !== "string") {
      const error = typeof json.error === "string" ? json.error : `HTTP ${res.status}`;
      const description = typeof json.error_description === "string" ? json.error_description.split("\r\n")[0] : "";
      throw new Error(
        `The token endpoint refused the client credentials: ${error}${description ? ` (${description.replaceAll(this.clientSecret, "[redacted]")})` : ""}`,
      );
    }
    const expiresIn = typeof json.expires_in === "number" ? json.expires_in : Number(json.expires_in ?? 3599);
    return { token, expiresOnTimestamp: Date.now() + expiresIn * 1000, tokenType: "Bearer" };
  }
}
