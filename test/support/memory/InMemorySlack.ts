import { ScimError } from "../../../dev/slack-emulator/ScimError";
import { SlackDirectory } from "../../../dev/slack-emulator/SlackDirectory";
import { CredentialError, SlackRejectedError, ThrottledError, TransientError } from "../../../shared/errors";
import { parseSlackError } from "../../../shared/slack/parseSlackError";
import type { PatchOperation, ScimUser, SlackUser } from "../../../shared/slack/ScimUser";
import { SCIM_PATCH_SCHEMA, SCIM_USER_SCHEMA } from "../../../shared/slack/ScimUser";
import type { NewSlackGroup, SlackGroup } from "../../../shared/slack/SlackGroup";
import { GROUP_MEMBER_BATCH, memberBatches, SCIM_GROUP_SCHEMA } from "../../../shared/slack/SlackGroup";
import type { SlackGroupTarget } from "../../../shared/slack/SlackGroupTarget";
import type { SlackTarget, SlackUserCounts } from "../../../shared/slack/SlackTarget";
import type { SlackTargetStats } from "../../../shared/slack/SlackTargetStats";
import { cloneJson } from "./cloneJson";

/** One request the target would have sent: method, path (with query) and body. */
export interface InMemorySlackRequest {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  body?: unknown;
}

/**
 * A scripted failure, as the emulator's FaultInjector: the next `times` (default 1) requests matching `method` and a
 * `pathContains` substring answer `status` with Slack's error `code` (default `injected_fault`).
 */
export interface InMemorySlackFault {
  method?: InMemorySlackRequest["method"];
  pathContains?: string;
  status: number;
  code?: string;
  times?: number;
  /** For a 429: the Retry-After, in seconds (default 1). */
  retryAfterSeconds?: number;
}

const SCIM_ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";
const CREDENTIAL_MESSAGE =
  "Slack rejected the SCIM token. Check that SLACK_TOKEN is an org-level admin token (xoxp-…, admin scope, installed " +
  "on the org) and that the user who created it is still an active Slack admin or owner.";

/**
 * SlackTarget and SlackGroupTarget in process, over the Slack emulator's directory (`dev/slack-emulator/SlackDirectory`,
 * which applies Slack's rules: userName normalisation, uniqueness, group member rules). Every call is the request
 * ScimSlackTarget would send (same paths, bodies and JSON round trip), and Slack's answers are mapped to the product's
 * errors exactly as ScimSlackTarget + parseSlackError map them: 404 on a single GET → undefined (false for DELETE),
 * 401 / invalid_authentication / unsupported_version → CredentialError, 429 → ThrottledError, 5xx → TransientError,
 * any other 4xx → SlackRejectedError(code, description, status). There are no in-process retries: a fault surfaces at
 * once, as it would after the real target's last retry. `requests` logs every request; `stats` counts them.
 */
export class InMemorySlack implements SlackTarget, SlackGroupTarget {
  readonly directory: SlackDirectory;
  readonly requests: InMemorySlackRequest[] = [];
  private readonly counters: SlackTargetStats = { requests: 0, throttled: 0, retries: 0 };
  private faults: { fault: InMemorySlackFault; left: number }[] = [];

  constructor(options: { grid?: boolean; channelNames?: readonly string[] } = {}) {
    this.directory = new SlackDirectory("https://slack.test/scim/v2", {
      grid: options.grid ?? false,
      channelNames: options.channelNames ?? [],
    });
  }

  get stats(): SlackTargetStats {
    return { ...this.counters };
  }

  injectFault(fault: InMemorySlackFault): void {
    this.faults.push({ fault, left: fault.times ?? 1 });
  }

  /** The write requests (POST, PATCH, DELETE) sent so far. */
  writes(): InMemorySlackRequest[] {
    return this.requests.filter((r) => r.method !== "GET");
  }

  // ---- users ---------------------------------------------------------------------------------------------------

  async getUser(id: string): Promise<SlackUser | undefined> {
    return this.request("GET", `/Users/${encodeURIComponent(id)}`, undefined, () => this.directory.getUser(id), {
      notFound: () => undefined,
    });
  }

  findUsersByUserName(userName: string): Promise<SlackUser[]> {
    return this.findUsers(`userName eq ${JSON.stringify(userName)}`);
  }

  findUsersByEmail(email: string): Promise<SlackUser[]> {
    return this.findUsers(`emails eq ${JSON.stringify(email)}`);
  }

  async createUser(user: ScimUser): Promise<SlackUser> {
    const body = { ...user, schemas: user.schemas ?? [SCIM_USER_SCHEMA] };
    return this.request("POST", "/Users", body, (b) => this.directory.createUser(b));
  }

  async patchUser(id: string, operations: PatchOperation[]): Promise<SlackUser> {
    const body = { schemas: [SCIM_PATCH_SCHEMA], Operations: operations };
    return this.request("PATCH", `/Users/${encodeURIComponent(id)}`, body, (b) => this.directory.patchUser(id, b));
  }

  async countUsers(): Promise<SlackUserCounts> {
    let total = 0;
    let active = 0;
    for (let startIndex = 1; ;) {
      const query = new URLSearchParams({ startIndex: String(startIndex), count: "1000" });
      const page = await this.request("GET", `/Users?${query.toString()}`, undefined, () =>
        this.directory.listUsers(query),
      );
      total += page.Resources.length;
      active += page.Resources.filter((u) => u.active).length;
      startIndex += page.Resources.length;
      if (page.Resources.length === 0 || startIndex - 1 >= page.totalResults) return { total, active };
    }
  }

  // ---- groups --------------------------------------------------------------------------------------------------

  async getGroup(id: string): Promise<SlackGroup | undefined> {
    return this.request("GET", `/Groups/${encodeURIComponent(id)}`, undefined, () => this.directory.getGroup(id), {
      notFound: () => undefined,
    });
  }

  async findGroupsByDisplayName(displayName: string): Promise<SlackGroup[]> {
    const query = new URLSearchParams({ filter: `displayName eq ${JSON.stringify(displayName)}`, count: "100" });
    const page = await this.request("GET", `/Groups?${query.toString()}`, undefined, () =>
      this.directory.listGroups(query),
    );
    return page.Resources;
  }

  async createGroup(group: NewSlackGroup): Promise<SlackGroup> {
    const [first = [], ...rest] = memberBatches(group.members ?? [], GROUP_MEMBER_BATCH);
    const body = {
      schemas: [SCIM_GROUP_SCHEMA],
      displayName: group.displayName,
      members: first.map((value) => ({ value })),
    };
    const created: SlackGroup = await this.request("POST", "/Groups", body, (b) => this.directory.createGroup(b));
    if (rest.length === 0) return created;
    await this.addGroupMembers(created.id, rest.flat());
    return (await this.getGroup(created.id)) ?? created;
  }

  async renameGroup(id: string, displayName: string): Promise<SlackGroup> {
    const body = {
      schemas: [SCIM_PATCH_SCHEMA],
      Operations: [{ op: "replace", path: "displayName", value: displayName }],
    };
    return this.patchGroup(id, body);
  }

  async addGroupMembers(id: string, userIds: readonly string[]): Promise<void> {
    await this.patchMembers(id, "add", userIds);
  }

  async removeGroupMembers(id: string, userIds: readonly string[]): Promise<void> {
    await this.patchMembers(id, "remove", userIds);
  }

  async deleteGroup(id: string): Promise<boolean> {
    return this.request(
      "DELETE",
      `/Groups/${encodeURIComponent(id)}`,
      undefined,
      () => {
        this.directory.deleteGroup(id);
        return true;
      },
      { notFound: () => false },
    );
  }

  async countGroups(): Promise<number> {
    let total = 0;
    for (let startIndex = 1; ;) {
      const query = new URLSearchParams({ startIndex: String(startIndex), count: "1000" });
      const page = await this.request("GET", `/Groups?${query.toString()}`, undefined, () =>
        this.directory.listGroups(query),
      );
      total += page.Resources.length;
      startIndex += page.Resources.length;
      if (page.Resources.length === 0 || startIndex - 1 >= page.totalResults) return total;
    }
  }

  private async patchMembers(id: string, op: "add" | "remove", userIds: readonly string[]): Promise<void> {
    for (const batch of memberBatches(userIds, GROUP_MEMBER_BATCH)) {
      const body = {
        schemas: [SCIM_PATCH_SCHEMA],
        Operations: [{ op, path: "members", value: batch.map((value) => ({ value })) }],
      };
      await this.patchGroup(id, body);
    }
  }

  private patchGroup(id: string, body: unknown): Promise<SlackGroup> {
    return this.request("PATCH", `/Groups/${encodeURIComponent(id)}`, body, (b) => this.directory.patchGroup(id, b));
  }

  private async findUsers(filter: string): Promise<SlackUser[]> {
    const query = new URLSearchParams({ filter, count: "100" });
    const page = await this.request("GET", `/Users?${query.toString()}`, undefined, () =>
      this.directory.listUsers(query),
    );
    return page.Resources;
  }

  // ---- the wire ------------------------------------------------------------------------------------------------

  /**
   * One request: logged and counted, a matching fault answered instead, the body and the answer passed through JSON
   * (as over HTTP), and Slack's error mapped to the product's.
   */
  private request<T>(
    method: InMemorySlackRequest["method"],
    path: string,
    body: unknown,
    run: (body: unknown) => T,
    options: { notFound?: () => T } = {},
  ): Promise<T> {
    const sent = body === undefined ? undefined : cloneJson(body);
    this.requests.push({ method, path, ...(sent === undefined ? {} : { body: sent }) });
    this.counters.requests++;
    let error: ScimError;
    try {
      const fault = this.takeFault(method, path);
      if (fault) {
        throw new ScimError(
          fault.status,
          fault.code ?? "injected_fault",
          `status=${fault.status}`,
          fault.retryAfterSeconds,
        );
      }
      return Promise.resolve(cloneJson(run(sent)));
    } catch (e) {
      if (!(e instanceof ScimError)) return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      error = e;
    }
    if (error.status === 404 && options.notFound) return Promise.resolve(options.notFound());
    return Promise.reject(this.productError(method, path, error));
  }

  /** Slack's answer as ScimSlackTarget turns it into an error (the body it would have read is Slack's v2 error). */
  private productError(method: string, path: string, e: ScimError): Error {
    const status = e.status;
    const what = `${method} ${path.split("?")[0] ?? ""}`;
    const info = parseSlackError(status, JSON.stringify({ schemas: [SCIM_ERROR_SCHEMA], detail: e.detail, status }));
    if (status === 429) {
      this.counters.throttled++;
      return new ThrottledError("slack", (e.retryAfterSeconds ?? 1) * 1000);
    }
    if (status >= 500) {
      return new TransientError(
        "SlackUnavailable",
        `Slack answered ${what} with HTTP ${status} (${info.description}) after 1 attempt(s); will retry later.`,
        { status },
      );
    }
    if (status === 401 || info.code === "invalid_authentication" || info.code === "unsupported_version") {
      return new CredentialError("slack", `${CREDENTIAL_MESSAGE} (Slack said: ${info.code}.)`, { status });
    }
    return new SlackRejectedError(info.code, info.description, status);
  }

  private takeFault(method: string, path: string): InMemorySlackFault | undefined {
    const hit = this.faults.find(
      ({ fault, left }) =>
        left > 0 &&
        (fault.method === undefined || fault.method === method) &&
        (fault.pathContains === undefined || path.includes(fault.pathContains)),
    );
    if (!hit) return undefined;
    hit.left -= 1;
    this.faults = this.faults.filter((f) => f.left > 0);
    return hit.fault;
  }
}
