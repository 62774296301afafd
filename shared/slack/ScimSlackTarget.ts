import { setTimeout as delay } from "node:timers/promises";
import { CredentialError, ProvisioningError, SlackRejectedError, ThrottledError, TransientError } from "../errors";
import { fetchHttpClient } from "../http/fetchHttpClient";
import type { HttpClient, HttpResponse } from "../http/HttpClient";
import type { HttpRetryOptions } from "../retry/HttpRetryOptions";
import { HttpRetryBudget } from "../retry/HttpRetryBudget";
import { parseRetryAfter } from "../retry/parseRetryAfter";
import { KeyedSerializer } from "./KeyedSerializer";
import { ProcessRateGovernor } from "./ProcessRateGovernor";
import type { RateGovernor } from "./RateGovernor";
import { bucketsFor, governorLimits, SLACK_MAX_PACING_WAIT_MS } from "./slackRateLimits";
import { parseSlackError } from "./parseSlackError";
import { noteSlackExchange, recordingSlackExchanges } from "./slackExchanges";
import type { PatchOperation, ScimUser, SlackUser } from "./ScimUser";
import { SCIM_PATCH_SCHEMA, SCIM_USER_SCHEMA } from "./ScimUser";
import type { NewSlackGroup, SlackGroup } from "./SlackGroup";
import { GROUP_MEMBER_BATCH, GROUP_MEMBER_REMOVE_BATCH, memberBatches, SCIM_GROUP_SCHEMA } from "./SlackGroup";
import type { SlackGroupTarget } from "./SlackGroupTarget";
import type { SlackTarget, SlackUserCounts, SlackUserPage } from "./SlackTarget";
import type { SlackTargetStats } from "./SlackTargetStats";
import { SLACK_RETRY_DEFAULTS } from "./slackRetryDefaults";
import { fixedSlackToken } from "./tokens/fixedSlackToken";
import type { SlackTokenSource } from "./tokens/SlackTokenSource";

export interface ScimSlackTargetOptions {
  /** SCIM v2 base URL, e.g. https://api.slack.com/scim/v2 (no trailing slash needed). */
  scimBaseUrl: string;
  /**
   * Slack admin token, or where to get it before each request (the app's SlackTokenStore); kept private and never put
   * in an error or log line.
   */
  token: string | SlackTokenSource;
  /** Our write ceiling per minute (below Slack's 180/min per endpoint and 600/min org-wide). */
  maxWritesPerMinute: number;
  /** Our read ceiling per minute (Slack: 1000/min org-wide). */
  maxReadsPerMinute: number;
  /**
   * Paces the requests below Slack's limits (default: a governor of this process with governorLimits of the two
   * ceilings). The app passes the governor every instance shares (TableRateGovernor).
   */
  governor?: RateGovernor;
  /** How one call is retried in-process (defaults: SLACK_RETRY_DEFAULTS). */
  retry?: Partial<HttpRetryOptions>;
  /** The HTTP client (default: global fetch). Tests pass a fake. */
  http?: HttpClient;
}

interface RequestSpec {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** Path below the base URL, with query. */
  path: string;
  body?: unknown;
  /** Serialize with other writes to this resource (e.g. Users/U123). */
  resource?: string;
  /** 404 resolves to undefined instead of throwing. */
  notFoundIsUndefined?: boolean;
  /** Called when a 404 was resolved to undefined (tells a DELETE of a missing resource from an empty 204). */
  onNotFound?: () => void;
  /** Idempotent requests are retried on 5xx/timeouts; a POST is not (it may have been applied). */
  idempotent: boolean;
  /**
   * Whether the answer must carry a body (default true: reads and creates). PATCH and DELETE need none: any 2xx,
   * 204 No Content included, is success (RFC 7644 §3.5.2, §3.6), whatever the body.
   */
  bodyExpected?: boolean;
}

/** The SCIM collections this target reads and writes. */
type ScimResource = "Users" | "Groups";

const CREDENTIAL_MESSAGE =
  "Slack rejected the SCIM token. Check that SLACK_TOKEN is an org-level admin token (xoxp-…, admin scope, installed " +
  "on the org) and that the user who created it is still an active Slack admin or owner, or connect Slack again " +
  "with Authorize (/api/slack/authorize).";

/** How many tokens a target remembers to redact (a token changes rarely: Authorize, an admin's new secret). */
const REDACTED_TOKENS = 8;

/**
 * The SlackTarget port over Slack's SCIM v2 API through an HttpClient (default: Node's fetch). It paces itself below Slack's limits through a RateGovernor,
 * serializes writes per resource, honours Retry-After on 429 (bounded, then ThrottledError), retries 5xx, timeouts and
 * network errors with exponential backoff and jitter (bounded, then TransientError), maps other 4xx to
 * SlackRejectedError, and 401/invalid_authentication to CredentialError. The token is asked of its SlackTokenSource
 * before each attempt; a refused token is retried once with a newer one if the source has one. The token never leaves
 * this object except in the Authorization header.
 */
export class ScimSlackTarget implements SlackTarget, SlackGroupTarget {
  readonly #tokens: SlackTokenSource;
  /** The tokens sent so far (the last few), redacted from whatever is shown of an exchange. */
  readonly #sent = new Set<string>();
  private readonly base: string;
  private readonly governor: RateGovernor;
  private readonly serializer = new KeyedSerializer();
  private readonly counters: SlackTargetStats = { requests: 0, throttled: 0, retries: 0 };
  private readonly retry: HttpRetryOptions;
  private readonly http: HttpClient;

  constructor(options: ScimSlackTargetOptions) {
    this.#tokens = typeof options.token === "string" ? fixedSlackToken(options.token) : options.token;
    this.base = options.scimBaseUrl.replace(/\/+$/, "");
    this.governor =
      options.governor ??
      new ProcessRateGovernor(
        governorLimits(options.maxWritesPerMinute, options.maxReadsPerMinute),
        SLACK_MAX_PACING_WAIT_MS,
      );
    this.retry = { ...SLACK_RETRY_DEFAULTS, ...options.retry };
    this.http = options.http ?? fetchHttpClient;
  }

  /** A snapshot of the request counters. */
  get stats(): SlackTargetStats {
    return { ...this.counters };
  }

  async getUser(id: string): Promise<SlackUser | undefined> {
    return this.getOne<SlackUser>("Users", id);
  }

  findUsersByUserName(userName: string): Promise<SlackUser[]> {
    return this.find<SlackUser>("Users", `userName eq ${JSON.stringify(userName)}`);
  }

  findUsersByEmail(email: string): Promise<SlackUser[]> {
    return this.find<SlackUser>("Users", `emails eq ${JSON.stringify(email)}`);
  }

  async createUser(user: ScimUser): Promise<SlackUser> {
    const body = { ...user, schemas: user.schemas ?? [SCIM_USER_SCHEMA] };
    return this.required(
      await this.request<SlackUser>({ method: "POST", path: "/Users", body, idempotent: false }),
      "POST /Users",
    );
  }

  async patchUser(id: string, operations: PatchOperation[]): Promise<void> {
    await this.patch("Users", id, { schemas: [SCIM_PATCH_SCHEMA], Operations: operations });
  }

  /** Every user in the org, 1,000 a page (GET /Users?startIndex=…&count=1000), handed over page by page. */
  listUsers(onPage: (users: SlackUser[]) => Promise<void>): Promise<void> {
    return this.forEachPage<SlackUser>("Users", onPage);
  }

  /** How many users Slack holds: one request for the list's totalResults (paged through only if a server omits it). */
  async totalUsers(): Promise<number> {
    return (await this.totalResults("Users")) ?? (await this.countUsers()).total;
  }

  async listUsersPage(startIndex: number, count: number): Promise<SlackUserPage> {
    const page = await this.request<{ Resources?: SlackUser[]; totalResults?: number }>({
      method: "GET",
      path: `/Users?startIndex=${Math.max(1, Math.floor(startIndex))}&count=${Math.max(1, Math.floor(count))}`,
      idempotent: true,
    });
    const users = page?.Resources ?? [];
    return { users, totalResults: page?.totalResults ?? users.length };
  }

  async countUsers(): Promise<SlackUserCounts> {
    let total = 0;
    let active = 0;
    await this.forEachPage<SlackUser>("Users", (users) => {
      total += users.length;
      active += users.filter((u) => u.active).length;
    });
    return { total, active };
  }

  // ---- groups ------------------------------------------------------------------------------------------------

  /**
   * The group with its members. A server may leave `members` out of a plain GET (large groups); then they are asked for
   * explicitly (`attributes=members`, RFC 7644 §3.4.2.5). Still absent means none: an unassigned multi-valued attribute
   * and an empty one are the same state (RFC 7643 §2.5). Never guessed from a partial answer.
   */
  async getGroup(id: string): Promise<SlackGroup | undefined> {
    const group = await this.getOne<SlackGroup>("Groups", id);
    if (!group || group.members !== undefined) return group;
    const withMembers = await this.request<SlackGroup>({
      method: "GET",
      path: `/Groups/${encodeURIComponent(id)}?attributes=members`,
      notFoundIsUndefined: true,
      idempotent: true,
    });
    if (!withMembers) return undefined;
    return { ...group, members: withMembers.members ?? [] };
  }

  async findGroupsByDisplayName(displayName: string): Promise<SlackGroup[]> {
    return this.find<SlackGroup>("Groups", `displayName eq ${JSON.stringify(displayName)}`);
  }

  async createGroup(group: NewSlackGroup): Promise<SlackGroup> {
    const [first = [], ...rest] = memberBatches(group.members ?? [], GROUP_MEMBER_BATCH);
    const body = {
      schemas: [SCIM_GROUP_SCHEMA],
      displayName: group.displayName,
      members: first.map((value) => ({ value })),
    };
    const created = this.required(
      await this.request<SlackGroup>({ method: "POST", path: "/Groups", body, idempotent: false }),
      "POST /Groups",
    );
    if (rest.length === 0) return created;
    await this.addGroupMembers(created.id, rest.flat());
    return (await this.getGroup(created.id)) ?? created;
  }

  async renameGroup(id: string, displayName: string): Promise<void> {
    await this.patchGroup(id, {
      schemas: [SCIM_PATCH_SCHEMA],
      Operations: [{ op: "replace", path: "displayName", value: displayName }],
    });
  }

  async addGroupMembers(id: string, userIds: readonly string[]): Promise<void> {
    await this.patchMembers(id, "add", userIds);
  }

  async removeGroupMembers(id: string, userIds: readonly string[]): Promise<void> {
    await this.patchMembers(id, "remove", userIds);
  }

  async deleteGroup(id: string): Promise<boolean> {
    let found = true;
    await this.request<unknown>({
      method: "DELETE",
      path: `/Groups/${encodeURIComponent(id)}`,
      resource: `Groups/${id}`,
      idempotent: true,
      bodyExpected: false,
      notFoundIsUndefined: true,
      onNotFound: () => {
        found = false;
      },
    });
    return found;
  }

  async countGroups(): Promise<number> {
    const total = await this.totalResults("Groups");
    return total ?? this.countGroupPages();
  }

  private async countGroupPages(): Promise<number> {
    let total = 0;
    await this.forEachPage<SlackGroup>("Groups", (groups) => {
      total += groups.length;
    });
    return total;
  }

  /**
   * Adds: one PATCH per batch of ≤5,000 with an explicit value list. Removes: one operation per member with a value
   * filter, `members[value eq "U1"]` (RFC 7644 §3.5.2.2, Slack's documented form), ≤1,000 to a PATCH: a `remove` of
   * `members` without a filter removes every member on a server that reads the RFC to the letter. An empty list sends
   * nothing.
   */
  private async patchMembers(id: string, op: "add" | "remove", userIds: readonly string[]): Promise<void> {
    if (op === "add") {
      for (const batch of memberBatches(userIds, GROUP_MEMBER_BATCH)) {
        const body = {
          schemas: [SCIM_PATCH_SCHEMA],
          Operations: [{ op, path: "members", value: batch.map((value) => ({ value })) }],
        };
        await this.patchGroup(id, body);
      }
      return;
    }
    for (const batch of memberBatches(userIds, GROUP_MEMBER_REMOVE_BATCH)) {
      const body = {
        schemas: [SCIM_PATCH_SCHEMA],
        Operations: batch.map((value) => ({ op, path: `members[value eq ${JSON.stringify(value)}]` })),
      };
      await this.patchGroup(id, body);
    }
  }

  private async patchGroup(id: string, body: unknown): Promise<void> {
    await this.patch("Groups", id, body);
  }

  /**
   * PATCH /Users/{id} or /Groups/{id}, serialized with the other writes to that user or group. The answer's body is not
   * needed: 200 with the resource and 204 No Content are both success (RFC 7644 §3.5.2).
   */
  private async patch(resource: ScimResource, id: string, body: unknown): Promise<void> {
    await this.request<unknown>({
      method: "PATCH",
      path: `/${resource}/${encodeURIComponent(id)}`,
      body,
      resource: `${resource}/${id}`,
      idempotent: true,
      bodyExpected: false,
    });
  }

  /** GET /Users/{id} or /Groups/{id}; undefined when Slack answers 404. */
  private getOne<T>(resource: ScimResource, id: string): Promise<T | undefined> {
    return this.request<T>({
      method: "GET",
      path: `/${resource}/${encodeURIComponent(id)}`,
      notFoundIsUndefined: true,
      idempotent: true,
    });
  }

  /** The first page (up to 100) of users or groups matching a SCIM filter. */
  private async find<T>(resource: ScimResource, filter: string): Promise<T[]> {
    const page = await this.request<{ Resources?: T[] }>({
      method: "GET",
      path: `/${resource}?filter=${encodeURIComponent(filter)}&count=100`,
      idempotent: true,
    });
    return page?.Resources ?? [];
  }

  /** Reads every user or group, 1,000 a page, handing each page to `onPage` until Slack has no more. */
  /** A list's totalResults (RFC 7644 §3.4.2: REQUIRED), asking for one resource; undefined when the answer lacks it. */
  private async totalResults(resource: ScimResource): Promise<number | undefined> {
    const page = await this.request<{ totalResults?: unknown }>({
      method: "GET",
      path: `/${resource}?startIndex=1&count=1`,
      idempotent: true,
    });
    const total = page?.totalResults;
    return typeof total === "number" && Number.isInteger(total) && total >= 0 ? total : undefined;
  }

  private async forEachPage<T>(
    resource: ScimResource,
    onPage: (resources: T[]) => void | Promise<void>,
  ): Promise<void> {
    let startIndex = 1;
    for (;;) {
      const page = await this.request<{ Resources?: T[]; totalResults?: number }>({
        method: "GET",
        path: `/${resource}?startIndex=${startIndex}&count=1000`,
        idempotent: true,
      });
      const resources = page?.Resources ?? [];
      await onPage(resources);
      startIndex += resources.length;
      if (resources.length === 0 || startIndex - 1 >= (page?.totalResults ?? 0)) break;
    }
  }

  /** A create's answer must carry the new resource (RFC 7644 §3.3); `request` already refused an empty one. */
  private required<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw unexpectedAnswer(what, "no body");
    return value;
  }

  private request<T>(spec: RequestSpec): Promise<T | undefined> {
    return spec.resource === undefined
      ? this.attempts<T>(spec)
      : this.serializer.run(spec.resource, () => this.attempts<T>(spec));
  }

  private async attempts<T>(spec: RequestSpec): Promise<T | undefined> {
    const buckets = bucketsFor(spec.method, spec.path);
    const what = `${spec.method} ${spec.path.split("?")[0] ?? ""}`;
    const budget = new HttpRetryBudget(this.retry);
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      if (attempt > 1) this.counters.retries++;
      const token = await this.token();
      await this.governor.acquire(buckets);
      this.counters.requests++;
      let res: HttpResponse;
      let text: string;
      const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
      const sentAt = Date.now();
      try {
        res = await this.http({
          url: this.base + spec.path,
          method: spec.method,
          headers: {
            authorization: `Bearer ${token}`,
            accept: "application/json",
            ...(spec.body === undefined ? {} : { "content-type": "application/json" }),
          },
          body,
          signal: AbortSignal.timeout(this.retry.requestTimeoutMs),
        });
        text = await res.text();
      } catch (e) {
        const reason = this.redact(
          e instanceof Error && e.name === "TimeoutError"
            ? `no answer within ${this.retry.requestTimeoutMs} ms`
            : networkReason(e),
        );
        this.note(spec, body, sentAt, { status: 0, error: reason });
        const waitMs = budget.failed(spec.idempotent);
        if (waitMs === undefined) {
          throw new TransientError(
            "SlackUnavailable",
            `Slack did not answer ${what} (${reason}) after ${budget.failures} attempt(s); will retry later.`,
          );
        }
        await delay(waitMs);
        continue;
      }

      this.note(spec, body, sentAt, { status: res.status, responseText: text });

      if (res.status >= 200 && res.status < 300)
        return spec.bodyExpected === false ? undefined : parseBody<T>(text, what, res.status);
      if (res.status === 404 && spec.notFoundIsUndefined) {
        spec.onNotFound?.();
        return undefined;
      }

      if (res.status === 429) {
        this.counters.throttled++;
        const { waitMs, retry } = budget.throttled(parseRetryAfter(res.headers.get("retry-after")));
        await this.governor.pause(waitMs);
        if (!retry) throw new ThrottledError("slack", waitMs);
        await delay(waitMs);
        continue;
      }

      if (res.status >= 500) {
        const info = parseSlackError(res.status, text);
        const waitMs = budget.failed(spec.idempotent);
        if (waitMs === undefined) {
          throw new TransientError(
            "SlackUnavailable",
            this.redact(
              `Slack answered ${what} with HTTP ${res.status} (${info.description}) after ${budget.failures} ` +
                "attempt(s); will retry later.",
            ),
            { status: res.status },
          );
        }
        await delay(waitMs);
        continue;
      }

      const info = parseSlackError(res.status, text);
      if (res.status === 401 || info.code === "invalid_authentication" || info.code === "unsupported_version") {
        // A refused request was not applied: once, with a newer token if one was stored meanwhile (Authorize).
        if (!renewed && (await this.#tokens.refreshAfterRejection(token)) !== undefined) {
          renewed = true;
          continue;
        }
        throw new CredentialError("slack", `${CREDENTIAL_MESSAGE} (Slack said: ${this.redact(info.code)}.)`, {
          status: res.status,
        });
      }
      throw new SlackRejectedError(this.redact(info.code), this.redact(info.description), res.status);
    }
  }

  /** Shows the exchange to an on-demand run that records them (slackExchanges.ts); never the Authorization header. */
  private note(
    spec: RequestSpec,
    body: string | undefined,
    sentAt: number,
    answer: { status: number; responseText?: string; error?: string },
  ): void {
    if (!recordingSlackExchanges()) return;
    noteSlackExchange({
      method: spec.method,
      path: this.redact(spec.path),
      status: answer.status,
      durationMs: Date.now() - sentAt,
      ...(body !== undefined ? { requestText: this.redact(body) } : {}),
      ...(answer.responseText !== undefined ? { responseText: this.redact(answer.responseText) } : {}),
      ...(answer.error !== undefined ? { error: answer.error } : {}),
    });
  }

  /** The token to send now, remembered for redaction. */
  private async token(): Promise<string> {
    const token = await this.#tokens.current();
    if (!this.#sent.has(token)) {
      this.#sent.add(token);
      const oldest = this.#sent.values().next().value;
      if (this.#sent.size > REDACTED_TOKENS && oldest !== undefined) this.#sent.delete(oldest);
    }
    return token;
  }

  private redact(text: string): string {
    let out = text;
    for (const token of this.#sent) if (token) out = out.split(token).join("[redacted]");
    return out;
  }
}

function networkReason(e: unknown): string {
  const cause = e instanceof Error ? (e.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === "string") return cause.code;
  return e instanceof Error ? e.message : "network error";
}

/** A 2xx answer's JSON body; an empty or non-JSON body where one is required is a clear, permanent error. */
function parseBody<T>(text: string, what: string, status: number): T {
  if (text.trim() === "") throw unexpectedAnswer(what, `HTTP ${status} with no body`);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw unexpectedAnswer(what, `HTTP ${status} with a body that is not JSON`);
  }
}

/**
 * The SCIM server answered a read or a create with a success that carries no resource: not retried (the same server
 * would answer the same), recorded for the object with what to check.
 */
function unexpectedAnswer(what: string, answer: string): ProvisioningError {
  return new ProvisioningError(
    "ScimUnexpectedResponse",
    `Slack answered ${what} with ${answer}; a SCIM 2.0 server returns the resource or list it read or created ` +
      "(RFC 7644 §3.3, §3.4). Check that SLACK_SCIM_BASE_URL is the SCIM v2 base URL of the org.",
    { retryable: false },
  );
}
