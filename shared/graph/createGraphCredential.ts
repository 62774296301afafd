import { ClientSecretCredential, ManagedIdentityCredential } from "@azure/identity";
import type { TokenCredential } from "@azure/identity";
import type { Settings } from "../config/Settings";
import { ConfigurationError } from "../errors";
import { isLoopbackHost } from "../http/isLoopbackHost";
import { LoopbackClientSecretCredential } from "./LoopbackClientSecretCredential";

const PUBLIC_CLOUD_AUTHORITY = "login.microsoftonline.com";

/**
 * The credential the app uses for Microsoft Graph:
 * - with a client secret: ClientSecretCredential(tenantId, clientId, secret) against the configured authority
 *   (instance discovery disabled unless it is the public cloud). For an http authority on loopback (the local Graph
 *   emulator) LoopbackClientSecretCredential, because ClientSecretCredential accepts only https authorities;
 * - without one: ManagedIdentityCredential (user-assigned when clientId is set, else system-assigned).
 * Tokens are cached by the Graph auth middleware until shortly before they expire.
 */
export function createGraphCredential(graph: Settings["graph"]): TokenCredential {
  if (graph.clientSecret) {
    if (!graph.tenantId || !graph.clientId) {
      throw new ConfigurationError(
        "GRAPH_CLIENT_SECRET is set, so GRAPH_TENANT_ID and GRAPH_CLIENT_ID must be set too (the directory (tenant) " +
          "id and the application (client) id of the app registration).",
      );
    }
    const authority = new URL(graph.authorityHost);
    if (authority.protocol === "http:") {
      if (!isLoopbackHost(authority.hostname)) {
        throw new ConfigurationError(
          "GRAPH_AUTHORITY_HOST must use https (plain http is accepted only on loopback for the local emulator).",
        );
      }
      return new LoopbackClientSecretCredential({
        authorityHost: graph.authorityHost,
        tenantId: graph.tenantId,
        clientId: graph.clientId,
        clientSecret: graph.clientSecret,
      });
    }
    return new ClientSecretCredential(graph.tenantId, graph.clientId, graph.clientSecret, {
      authorityHost: graph.authorityHost,
      disableInstanceDiscovery: authority.hostname.toLowerCase() !== PUBLIC_CLOUD_AUTHORITY,
    });
  }
  return graph.clientId ? new ManagedIdentityCredential({ clientId: graph.clientId }) : new ManagedIdentityCredential();
}
