import type { ResponseStyle } from "./responseStyle";
import type { FaultSpec } from "./FaultInjector";
import type { RandomFaultCounts, RandomFaultSettings } from "./RandomFaults";
import type { RateLimitSetting } from "./rateLimits";
import type { RequestLogEntry } from "./RequestLog";
import type { EmulatorGroup } from "./SlackDirectory";
import type { ConsentDecision } from "./SlackOAuth";
import type { IssuedToken } from "./SlackTokens";
import type { SlackRole } from "./model";
import type { EmulatorUser, SeedGroup, SeedUser } from "./SlackEmulatorStore";

/**
 * Typed client of the emulator's /_admin API, for tests and tools in another process. `baseUrl` may be the emulator's
 * origin (http://127.0.0.1:PORT) or its SCIM URL (…/scim/v2); only the origin is used.
 */
export class SlackEmulatorAdminClient {
  private readonly origin: string;

  constructor(baseUrl: string) {
    this.origin = new URL(baseUrl).origin;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.origin}/_admin${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Slack emulator admin ${method} ${path} failed: HTTP ${res.status} ${text}`);
    return (text === "" ? undefined : JSON.parse(text)) as T;
  }

  seedUser(seed: SeedUser): Promise<EmulatorUser> {
    return this.call("POST", "/users", seed);
  }

  seedUsers(seeds: SeedUser[]): Promise<EmulatorUser[]> {
    return this.call("POST", "/users", seeds);
  }

  seedGroup(seed: SeedGroup): Promise<EmulatorGroup> {
    return this.call("POST", "/groups", seed);
  }

  listUsers(): Promise<EmulatorUser[]> {
    return this.call("GET", "/users");
  }

  async getUser(id: string): Promise<EmulatorUser | undefined> {
    const res = await fetch(`${this.origin}/_admin/users/${encodeURIComponent(id)}`);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`Slack emulator admin GET /users/${id} failed: HTTP ${res.status}`);
    return (await res.json()) as EmulatorUser;
  }

  listGroups(): Promise<EmulatorGroup[]> {
    return this.call("GET", "/groups");
  }

  async getGroup(id: string): Promise<EmulatorGroup | undefined> {
    const res = await fetch(`${this.origin}/_admin/groups/${encodeURIComponent(id)}`);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`Slack emulator admin GET /groups/${id} failed: HTTP ${res.status}`);
    return (await res.json()) as EmulatorGroup;
  }

  setRateLimits(mode: RateLimitSetting): Promise<void> {
    return this.call("PUT", "/rate-limits", { mode });
  }

  setChannelNames(names: string[]): Promise<void> {
    return this.call("PUT", "/channels", { names });
  }

  setWriteLatency(ms: number): Promise<void> {
    return this.call("PUT", "/write-latency", { ms });
  }

  setResponseStyle(style: Partial<ResponseStyle>): Promise<void> {
    return this.call("PUT", "/response-style", style);
  }

  injectFault(fault: FaultSpec): Promise<void> {
    return this.call("POST", "/faults", fault);
  }

  clearFaults(): Promise<void> {
    return this.call("DELETE", "/faults");
  }

  setRandomFaults(settings: RandomFaultSettings | undefined): Promise<void> {
    return this.call("PUT", "/random-faults", settings ?? null);
  }

  randomFaultCounts(): Promise<RandomFaultCounts & { hanging: number }> {
    return this.call("GET", "/random-faults");
  }

  requests(): Promise<RequestLogEntry[]> {
    return this.call("GET", "/requests");
  }

  clearRequests(): Promise<void> {
    return this.call("DELETE", "/requests");
  }

  setOAuthConsent(decision: ConsentDecision): Promise<void> {
    return this.call("PUT", "/oauth/consent", { decision });
  }

  async expireOAuthCodes(): Promise<number> {
    return (await this.call<{ outstanding: number }>("POST", "/oauth/expire-codes")).outstanding;
  }

  listTokens(): Promise<IssuedToken[]> {
    return this.call("GET", "/tokens");
  }

  revokeToken(label: string): Promise<void> {
    return this.call("DELETE", `/tokens/${encodeURIComponent(label)}`);
  }

  /** Edits a user by hand, as an admin in Slack would (a PatchOp body or a partial user); resolves with the user. */
  editUser(id: string, edit: Record<string, unknown>): Promise<EmulatorUser> {
    return this.call("PATCH", `/users/${encodeURIComponent(id)}`, edit);
  }

  /** Makes a user an owner, an admin or a member (e.g. demotes the token's owner); resolves with the user. */
  setUserRole(id: string, role: SlackRole): Promise<EmulatorUser> {
    return this.call("PUT", `/users/${encodeURIComponent(id)}/role`, { role });
  }

  reset(): Promise<void> {
    return this.call("POST", "/reset");
  }
}
