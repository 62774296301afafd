import type { ResponseStyle } from "./responseStyle";

/** What the after-write seam is told: the request and the answer about to be sent. */
export interface AfterWriteEvent {
  method: string;
  /** The resource path below /scim/v2, e.g. "/Users" or "/Users/U123". */
  path: string;
  status: number;
  body: unknown;
}
export type AfterWriteHook = (event: AfterWriteEvent) => void;
import { SLACK_RESPONSE_STYLE } from "./responseStyle";
import type { ScimUser, SlackUser } from "../../shared/slack/ScimUser";
import { DEFAULT_SLACK_EMULATOR_CLIENT_ID, DEFAULT_SLACK_EMULATOR_CLIENT_SECRET } from "./constants";
import { FaultInjector } from "./FaultInjector";
import type { FaultSpec } from "./FaultInjector";
import type { SlackRole } from "./model";
import { SLACK_ROLES } from "./model";
import type { RateLimitSetting } from "./rateLimits";
import { RandomFaults } from "./RandomFaults";
import type { RandomFaultCounts, RandomFaultSettings } from "./RandomFaults";
import { RateLimiter } from "./RateLimiter";
import { RequestLog } from "./RequestLog";
import type { RequestLogEntry } from "./RequestLog";
import { SlackDirectory } from "./SlackDirectory";
import type { EmulatorGroup } from "./SlackDirectory";
import type { ConsentDecision, OAuthAppCredentials } from "./SlackOAuth";
import { EMULATED_TEAM, EMULATOR_INSTALLER_ID, SlackOAuth } from "./SlackOAuth";
import { ScimError } from "./ScimError";
import type { IssuedToken } from "./SlackTokens";
import { SlackTokens } from "./SlackTokens";

/** A user to seed: any ScimUser fields, plus Slack's role (default member) and active flag (default true). */
export type SeedUser = Partial<ScimUser> & { userName: string; role?: SlackRole; active?: boolean };

/** A user as the admin API shows it: the SCIM v2 view plus the user's Slack role. */
export type EmulatorUser = SlackUser & { role: SlackRole };

export interface SeedGroup {
  displayName: string;
  /** User ids. */
  members?: string[];
}

/**
 * The emulator's in-process admin API (the /_admin HTTP API mirrors it one to one, and SlackEmulatorAdminClient calls
 * that from other processes). Seeding applies Slack's rules (normalised userName, uniqueness) but no rate limits.
 */
export class SlackEmulatorStore {
  readonly directory: SlackDirectory;
  readonly limiter: RateLimiter;
  readonly faults = new FaultInjector();
  readonly randomFaults = new RandomFaults();
  readonly log: RequestLog;
  /** The bearer tokens the SCIM API accepts: the initial one and those OAuth issued. */
  readonly tokens: SlackTokens;
  /** Slack's OAuth v2 for the Slack app (authorize page and oauth.v2.access). */
  readonly oauth: SlackOAuth;
  private writeLatency = 0;
  private afterWriteHook: AfterWriteHook | undefined;
  private style: ResponseStyle = SLACK_RESPONSE_STYLE;

  constructor(
    scimBaseUrl: string,
    private readonly initial: {
      grid: boolean;
      channelNames: readonly string[];
      rateLimits: RateLimitSetting;
      token: string;
      writeLatencyMs: number;
      /** The Slack app's credentials (default DEFAULT_SLACK_EMULATOR_CLIENT_ID and _SECRET). */
      oauth?: OAuthAppCredentials;
    },
  ) {
    this.directory = new SlackDirectory(scimBaseUrl, { grid: initial.grid, channelNames: initial.channelNames });
    this.limiter = new RateLimiter(initial.rateLimits);
    this.tokens = new SlackTokens(initial.token);
    this.log = new RequestLog((text) => this.tokens.redact(text));
    this.oauth = new SlackOAuth(
      initial.oauth ?? {
        clientId: DEFAULT_SLACK_EMULATOR_CLIENT_ID,
        clientSecret: DEFAULT_SLACK_EMULATOR_CLIENT_SECRET,
      },
      this.tokens,
      () => this.installer(),
    );
    this.writeLatency = initial.writeLatencyMs;
  }

  /** How long each SCIM write holds its resource lock (0 = none), so tests can provoke lock contention. */
  get writeLatencyMs(): number {
    return this.writeLatency;
  }

  seedUser(seed: SeedUser): EmulatorUser {
    const { role, active, ...scim } = seed;
    const user = this.directory.seedUser(scim, role ?? "member", active ?? true);
    return this.view(user.id);
  }

  seedUsers(seeds: SeedUser[]): EmulatorUser[] {
    return seeds.map((s) => this.seedUser(s));
  }

  seedGroup(seed: SeedGroup): EmulatorGroup {
    const g = this.directory.seedGroup(seed.displayName, seed.members ?? []);
    return this.directory.groupToScim(g);
  }

  /** Every user, deactivated ones included, in creation order. */
  listUsers(): EmulatorUser[] {
    return this.directory.allUsers().map((u) => this.view(u.id));
  }

  getUser(id: string): EmulatorUser | undefined {
    return this.directory.findUser(id) ? this.view(id) : undefined;
  }

  listGroups(): EmulatorGroup[] {
    return this.directory.allGroups().map((g) => this.directory.groupToScim(g));
  }

  getGroup(id: string): EmulatorGroup | undefined {
    const g = this.directory.findGroup(id);
    return g ? this.directory.groupToScim(g) : undefined;
  }

  setRateLimits(setting: RateLimitSetting): void {
    this.limiter.configure(setting);
  }

  setChannelNames(names: string[]): void {
    this.directory.setChannelNames(names);
  }

  /**
   * A test seam: called after a write was applied to the directory and before its answer is sent, so a test can act in
   * exactly that window (e.g. SIGKILL the client between Slack's create and the client's own bookkeeping).
   */
  setAfterWrite(hook: AfterWriteHook | undefined): void {
    this.afterWriteHook = hook;
  }

  get afterWrite(): AfterWriteHook | undefined {
    return this.afterWriteHook;
  }

  setWriteLatency(ms: number): void {
    this.writeLatency = Math.max(0, ms);
  }

  /** How successful answers are shaped (Slack's by default; see ResponseStyle). */
  get responseStyle(): ResponseStyle {
    return this.style;
  }

  setResponseStyle(style: Partial<ResponseStyle>): void {
    this.style = { ...this.style, ...style };
    // The "other SCIM server" reads PATCH remove as RFC 7644 §3.5.2.2 says, not as Slack does.
    this.directory.strictMemberRemove = this.style.minimal;
  }

  injectFault(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Random faults for chaos runs (see RandomFaults), or off with undefined. Counters start again. */
  setRandomFaults(settings: RandomFaultSettings | undefined): void {
    this.randomFaults.configure(settings);
  }

  /** How many random faults of each kind were injected, and how many timed-out requests are still held. */
  randomFaultCounts(): RandomFaultCounts & { hanging: number } {
    return { ...this.randomFaults.counts(), hanging: this.randomFaults.hanging };
  }

  /** The admin switch of the authorize page: approve (default) or deny the next authorizations (error=access_denied). */
  setOAuthConsent(decision: ConsentDecision): void {
    this.oauth.setConsent(decision);
  }

  /** Expires every OAuth code issued so far, as ten minutes would; returns how many were still usable. */
  expireOAuthCodes(): number {
    return this.oauth.expireCodes();
  }

  /**
   * An admin edits a user by hand in Slack (as in Slack's admin pages, outside SCIM: no rate limit, no request log):
   * the body is a SCIM PatchOp (`{"Operations": [...]}`) or a partial user (`{"title": "…", "name": {"familyName": …},
   * "active": true}`), applied with Slack's rules. For tests of drift: a hand edit the engine did not make.
   */
  editUser(id: string, edit: Record<string, unknown>): EmulatorUser {
    const body = Array.isArray(edit.Operations)
      ? edit
      : { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: edit }] };
    this.directory.patchUser(id, body);
    return this.view(id);
  }

  /** An admin makes a user an owner, an admin or a member (e.g. demotes the token's owner). */
  setUserRole(id: string, role: SlackRole): EmulatorUser {
    if (!SLACK_ROLES.includes(role)) throw new ScimError(400, "invalid_role", `role=${String(role)}`);
    if (!this.directory.findUser(id)) throw new ScimError(404, "no_such_user", `user=${id}`);
    this.directory.setRole(id, role);
    return this.view(id);
  }

  /**
   * Slack's Web API `auth.test` for the bearer token of `authorization` (HTTP 200, Slack's body): who the token belongs
   * to, or `not_authed` (no token), `invalid_auth` (unknown), `token_revoked` (revoked through the admin API) or
   * `account_inactive` (its owner is deactivated). The initial token's owner is bound at the first call: the
   * directory's first active primary owner, owner or admin (UEMULATOR01, who has no SCIM record, when there is none).
   */
  authTest(authorization: string | undefined): Record<string, unknown> & { ok: boolean } {
    const found = this.tokens.identify(authorization);
    if (found.kind !== "accepted") {
      return {
        ok: false,
        error: { missing: "not_authed", unknown: "invalid_auth", revoked: "token_revoked" }[found.kind],
      };
    }
    let userId = found.token.userId;
    if (userId === undefined) {
      userId = this.installer();
      this.tokens.bindOwner(found.token.label, userId);
    }
    const owner = this.directory.findUser(userId);
    if (owner && !owner.active) return { ok: false, error: "account_inactive" };
    return {
      ok: true,
      url: "https://emulated.enterprise.slack.com/",
      team: EMULATED_TEAM.name,
      user: owner?.userName ?? "emulator-installer",
      team_id: EMULATED_TEAM.id,
      user_id: userId,
      is_enterprise_install: false,
    };
  }

  /** The tokens the SCIM API accepts, by label ("initial", "oauth-1", …); never the tokens themselves. */
  listTokens(): IssuedToken[] {
    return this.tokens.list();
  }

  /** Stops accepting the token with this label (SCIM then answers 401 to it); false when there is none. */
  revokeToken(label: string): boolean {
    return this.tokens.revoke(label);
  }

  requests(): RequestLogEntry[] {
    return this.log.list();
  }

  clearRequests(): void {
    this.log.clear();
  }

  /**
   * Back to the state right after start: no users, groups, faults (scripted or random), log, OAuth codes or issued
   * tokens; initial limits, channels, latency, token and consent.
   */
  reset(): void {
    this.directory.clear();
    this.tokens.reset();
    this.oauth.reset();
    this.directory.setChannelNames(this.initial.channelNames);
    this.limiter.configure(this.initial.rateLimits);
    this.faults.clear();
    this.randomFaults.configure(undefined);
    this.log.clear();
    this.writeLatency = this.initial.writeLatencyMs;
    this.style = SLACK_RESPONSE_STYLE;
  }

  /** Who installs the app: the first active primary owner, owner or admin, or a stand-in when there is none. */
  private installer(): string {
    const rank = { primaryOwner: 0, owner: 1, admin: 2 } as const;
    const admins = this.directory
      .allUsers()
      .filter((u) => u.active && u.slackRole in rank)
      .sort((a, b) => rank[a.slackRole as keyof typeof rank] - rank[b.slackRole as keyof typeof rank]);
    return admins[0]?.id ?? EMULATOR_INSTALLER_ID;
  }

  private view(id: string): EmulatorUser {
    const stored = this.directory.findUser(id);
    if (!stored) throw new Error(`no user ${id}`);
    return { ...this.directory.toScim(stored), role: stored.slackRole };
  }
}
