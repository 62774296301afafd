import { isLoopbackHost } from "../../shared/http/isLoopbackHost";

/**
 * Pure: whether a request to the local host comes from this machine's own pages and tools. The local host listens on
 * loopback only, but a web page in the operator's browser can still reach it: it could blind-POST
 * `/api/job/pause` (a foreign `Origin`), or read `/api/status` through DNS rebinding (a foreign name in `Host`).
 * Both are refused; tools (curl, the CLI, tests) send a loopback `Host` and no `Origin`. Resolves with the reason to
 * refuse, or undefined.
 */
export function checkLocalRequest(headers: { host?: string; origin?: string }, port: number): string | undefined {
  const host = headers.host;
  if (!host || !isLocalAuthority(host, port)) {
    return `Host "${host ?? ""}" is not this machine: the local host answers only 127.0.0.1, localhost or [::1] on port ${port}.`;
  }
  const origin = headers.origin;
  if (origin !== undefined && origin !== "null") {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== "http:" || !isLocalAuthority(url.host, port)) {
      return `Origin "${origin}" is not this host's own page: cross-site requests are refused.`;
    }
  } else if (origin === "null") {
    return 'Origin "null" (a sandboxed or file page) is refused.';
  }
  return undefined;
}

/** `127.0.0.1:PORT`, `localhost:PORT` or `[::1]:PORT` (the port must be ours). */
function isLocalAuthority(authority: string, port: number): boolean {
  const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(authority.trim());
  if (!m) return false;
  return isLoopbackHost(m[1] ?? "") && Number(m[2]) === port;
}
