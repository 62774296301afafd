/**
 * URL translation between the Graph base the app is configured with (Settings.graph.baseUrl: https://graph.microsoft.com
 * in Azure, http://127.0.0.1:PORT for the emulator) and the logical form the Graph JS client works with.
 *
 * The client (@microsoft/microsoft-graph-client 3.0.7) only parses absolute links that start with https:// and only
 * attaches tokens to known Graph hosts, so every URL handed to `client.api()` is logical:
 * https://graph.microsoft.com/v1.0/…; the final HTTP handler maps it back onto the configured base. Links that Graph
 * returns (nextLink/deltaLink) carry the server's own base and are stored exactly as returned.
 */
import { isLoopbackHost } from "../http/isLoopbackHost";

export const LOGICAL_GRAPH_ROOT = "https://graph.microsoft.com";

/** A URL pointed at a host other than the configured Graph base. */
export class ForeignGraphHostError extends Error {
  constructor(readonly url: string) {
    super(`Refusing to send a Microsoft Graph request to ${safeOrigin(url)}: it is not the configured Graph base URL.`);
    this.name = "ForeignGraphHostError";
  }
}

/** Normalises a base URL: no trailing slash, lower-case scheme and host. */
export function normalizeBase(baseUrl: string): string {
  const u = new URL(baseUrl);
  const path = u.pathname.replace(/\/+$/, "");
  return `${u.protocol}//${u.host}${path}`.toLowerCase();
}

/** Whether `url` starts with `base` (case-insensitive scheme/host) followed by "/" or the end. */
function startsWithBase(url: string, base: string): boolean {
  const head = url.slice(0, base.length).toLowerCase();
  if (head !== base) return false;
  const next = url.charAt(base.length);
  return next === "" || next === "/" || next === "?";
}

/**
 * A link returned by the server (nextLink/deltaLink, built on the configured base) → its logical https form for
 * client.api(). Throws ForeignGraphHostError for any other host.
 */
export function toLogicalUrl(serverUrl: string, baseUrl: string): string {
  const base = normalizeBase(baseUrl);
  if (!startsWithBase(serverUrl, base)) throw new ForeignGraphHostError(serverUrl);
  return LOGICAL_GRAPH_ROOT + serverUrl.slice(base.length);
}

/** A logical URL (https://graph.microsoft.com/…) → the URL actually requested on the configured base. */
export function toPhysicalUrl(logicalUrl: string, baseUrl: string): string {
  const logical = LOGICAL_GRAPH_ROOT.toLowerCase();
  if (!startsWithBase(logicalUrl, logical)) throw new ForeignGraphHostError(logicalUrl);
  return normalizeBase(baseUrl) + logicalUrl.slice(logical.length);
}

/** The token scope for the configured Graph: "<cloud root>/.default" (the public root for loopback emulators). */
export function graphScope(baseUrl: string): string {
  const u = new URL(baseUrl);
  if (u.protocol === "https:" && !isLoopbackHost(u.hostname)) return `${u.protocol}//${u.host}/.default`;
  return `${LOGICAL_GRAPH_ROOT}/.default`;
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "an invalid URL";
  }
}
