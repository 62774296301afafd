import { randomBytes } from "node:crypto";
import { ACCESS_TOKEN_LIFETIME_S } from "./constants";

export interface TokenEndpointResult {
  status: number;
  body: Record<string, unknown>;
}

/** The emulated Entra token endpoint (client credentials) and the validation of the bearer tokens it issued. */
export class AccessTokenIssuer {
  private readonly issued = new Map<string, number>();

  constructor(
    private readonly tenantId: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
  ) {}

  /** Handles POST /{tenant}/oauth2/v2.0/token with a form-encoded body. */
  token(tenant: string, form: URLSearchParams): TokenEndpointResult {
    const traceId = randomBytes(16).toString("hex");
    const fail = (status: number, error: string, description: string, codes: number[]): TokenEndpointResult => ({
      status,
      body: {
        error,
        error_description: `${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${randomBytes(16).toString("hex")}\r\nTimestamp: ${new Date().toISOString()}`,
        error_codes: codes,
        timestamp: new Date().toISOString(),
        trace_id: traceId,
        error_uri: "https://login.microsoftonline.com/error?code=" + String(codes[0]),
      },
    });
    if (tenant.toLowerCase() !== this.tenantId.toLowerCase()) {
      return fail(
        400,
        "invalid_request",
        `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
        [90002],
      );
    }
    const grantType = form.get("grant_type");
    if (grantType !== "client_credentials") {
      return fail(
        400,
        "unsupported_grant_type",
        `AADSTS70003: The app requested an unsupported grant type '${grantType ?? ""}'.`,
        [70003],
      );
    }
    const clientId = form.get("client_id") ?? "";
    if (clientId.toLowerCase() !== this.clientId.toLowerCase()) {
      return fail(
        400,
        "unauthorized_client",
        `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`,
        [700016],
      );
    }
    const scope = form.get("scope") ?? "";
    if (!scope.split(" ").some((s) => s.endsWith("/.default"))) {
      return fail(
        400,
        "invalid_scope",
        `AADSTS1002012: The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        [1002012],
      );
    }
    if (form.get("client_secret") !== this.clientSecret) {
      return fail(
        401,
        "invalid_client",
        `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
        [7000215],
      );
    }
    const accessToken = "emu." + randomBytes(24).toString("base64url");
    this.issued.set(accessToken, Date.now() + ACCESS_TOKEN_LIFETIME_S * 1000);
    return {
      status: 200,
      body: {
        token_type: "Bearer",
        expires_in: ACCESS_TOKEN_LIFETIME_S,
        ext_expires_in: ACCESS_TOKEN_LIFETIME_S,
        access_token: accessToken,
      },
    };
  }

  /** Checks an Authorization header; returns undefined when valid, else the Graph error message. */
  check(authorization: string | undefined): string | undefined {
    if (!authorization) return "Access token is empty.";
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    const expiry = m?.[1] ? this.issued.get(m[1]) : undefined;
    if (expiry === undefined) return "Access token validation failure. Invalid audience.";
    if (expiry < Date.now()) return "Lifetime validation failed, the token is expired.";
    return undefined;
  }

  /** Invalidates every issued access token (tests of token refresh). */
  revokeAll(): void {
    this.issued.clear();
  }
}
