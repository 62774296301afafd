import type { AccessToken, TokenCredential } from "@azure/identity";
import { GraphClientError } from "@microsoft/microsoft-graph-client";
import type { Context, Middleware } from "@microsoft/microsoft-graph-client";
import { CredentialError, TransientError } from "../errors";
import { GRAPH_PERMISSION_HINT } from "./classifyGraphError";
import { ForeignGraphHostError, LOGICAL_GRAPH_ROOT } from "./graphLinks";
import { requestUrlOf } from "./requestUrlOf";

/**
 * Graph client middleware that authenticates requests with a bearer token from an @azure/identity TokenCredential.
 * Tokens are cached until `refreshMarginMs` before they expire (one fetch at a time). Only logical Graph URLs
 * (https://graph.microsoft.com/…) get a token. A token failure is thrown as a GraphClientError whose customError is
 * a CredentialError (or TransientError when the authority was unreachable); the message never contains a secret.
 */
export class TokenCredentialAuthMiddleware implements Middleware {
  private next: Middleware | undefined;
  private cached: AccessToken | undefined;
  private pending: Promise<AccessToken> | undefined;

  constructor(
    private readonly credential: TokenCredential,
    private readonly scope: string,
    private readonly secrets: readonly string[] = [],
    private readonly refreshMarginMs = 5 * 60_000,
  ) {}

  setNext(next: Middleware): void {
    this.next = next;
  }

  async execute(context: Context): Promise<void> {
    const url = requestUrlOf(context);
    if (!url.toLowerCase().startsWith(LOGICAL_GRAPH_ROOT + "/")) {
      const err = new GraphClientError("Refusing to authenticate a request to a non-Graph URL.");
      err.customError = new ForeignGraphHostError(url);
      throw err;
    }
    const token = await this.token();
    context.options = {
      ...context.options,
      headers: withHeader(context.options?.headers, "Authorization", `Bearer ${token}`),
    };
    if (!this.next) throw new Error("TokenCredentialAuthMiddleware needs a next middleware.");
    await this.next.execute(context);
    if (context.response?.status === 401) this.cached = undefined; // fetch a fresh token next time
  }

  private async token(): Promise<string> {
    const now = Date.now();
    if (this.cached && this.cached.expiresOnTimestamp - this.refreshMarginMs > now) return this.cached.token;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return (await this.pending).token;
  }

  private async fetchToken(): Promise<AccessToken> {
    let token: AccessToken | null;
    try {
      token = await this.credential.getToken(this.scope);
    } catch (e) {
      throw this.wrap(e);
    }
    if (!token) throw this.wrap(new Error("The credential returned no token."));
    this.cached = token;
    return token;
  }

  private wrap(e: unknown): GraphClientError {
    const raw = e instanceof Error ? e.message : String(e);
    let reason = (raw.split(/\r?\n/)[0] ?? "").slice(0, 400);
    for (const s of this.secrets) if (s) reason = reason.replaceAll(s, "[redacted]");
    reason = reason.replace(/Bearer\s+\S+/gi, "Bearer [redacted]");
    const status =
      (e as { statusCode?: unknown; status?: unknown } | null)?.statusCode ??
      (e as { status?: unknown } | null)?.status;
    const name = e instanceof Error ? e.name : "";
    const unreachable =
      (typeof status === "number" && status >= 500) ||
      name === "TypeError" ||
      name === "AbortError" ||
      name === "TimeoutError";
    const err = new GraphClientError("Could not get an access token for Microsoft Graph.");
    err.customError = unreachable
      ? new TransientError(
          "GraphTokenEndpointUnavailable",
          `The Microsoft Entra token endpoint could not be reached or failed (${reason}); it will be retried.`,
        )
      : new CredentialError(
          "graph",
          `Microsoft Entra ID did not issue an access token for Microsoft Graph: ${reason}. ${GRAPH_PERMISSION_HINT}`,
        );
    return err;
  }
}

/** Returns headers with `name` set, whatever form (Headers, pairs or a record) the fetch options used. */
function withHeader(headers: unknown, name: string, value: string): Headers {
  const h = new Headers();
  if (headers instanceof Headers) headers.forEach((v, k) => h.set(k, v));
  else if (Array.isArray(headers)) for (const [k, v] of headers as [string, string][]) h.append(k, v);
  else if (headers && typeof headers === "object") {
    for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
      h.set(k, Array.isArray(v) ? v.map(String).join(", ") : String(v));
    }
  }
  h.set(name, value);
  return h;
}
