import type { Settings } from "../../../shared/config/Settings";
import type { GraphEmulator } from "../../../dev/graph-emulator";

/** Settings.graph pointing at a running emulator (client secret flow over http loopback). */
export function graphSettingsFor(
  emu: GraphEmulator,
  overrides: Partial<Settings["graph"]> = {},
): Pick<Settings, "graph"> {
  return {
    graph: {
      baseUrl: emu.url,
      authorityHost: emu.authorityHost,
      tenantId: emu.tenantId,
      clientId: emu.clientId,
      clientSecret: emu.clientSecret,
      servicePrincipalId: emu.servicePrincipalId,
      ...overrides,
    },
  };
}

/** Fast retry tuning so tests of retries take well under a few seconds. */
export const FAST_TUNING = {
  retry: {
    throttleBackoffBaseMs: 50,
    maxThrottleRetries: 2,
    maxTransientAttempts: 2,
    backoffBaseMs: 20,
    requestTimeoutMs: 2000,
  },
};

/** Gets an access token from the emulator's token endpoint. */
export async function emulatorToken(emu: GraphEmulator): Promise<string> {
  const res = await fetch(`${emu.url}/${emu.tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
      scope: "https://graph.microsoft.com/.default",
    }).toString(),
  });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

/** GET on the emulator with a bearer token; returns status, headers and parsed JSON. */
export async function graphGet(
  url: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, ...headers }, redirect: "manual" });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Follows users/delta nextLinks from `url` to the deltaLink; returns every item and the deltaLink. */
export async function readRound(
  url: string,
  token: string,
  headers: Record<string, string> = {},
): Promise<{ items: Record<string, unknown>[]; deltaLink: string; pages: Record<string, unknown>[] }> {
  const items: Record<string, unknown>[] = [];
  const pages: Record<string, unknown>[] = [];
  let next: string | undefined = url;
  for (let i = 0; next !== undefined && i < 1000; i++) {
    const r = await graphGet(next, token, headers);
    if (r.status !== 200) throw new Error(`HTTP ${r.status} ${JSON.stringify(r.body)}`);
    pages.push(r.body);
    items.push(...(r.body.value as Record<string, unknown>[]));
    const dl = r.body["@odata.deltaLink"];
    if (typeof dl === "string") return { items, deltaLink: dl, pages };
    next = r.body["@odata.nextLink"] as string | undefined;
  }
  throw new Error("round did not end with a deltaLink");
}
