import type { TokenCredential } from "@azure/identity";
import { Client } from "@microsoft/microsoft-graph-client";
import type { GraphSubscription, GraphSubscriptions, NewSubscription } from "../notifications/GraphSubscriptions";
import { GraphRequestError } from "../errors";
import type { HttpRetryOptions } from "../retry/HttpRetryOptions";
import type { AppRoleAssignment } from "./AppRoleAssignment";
import { classifyGraphError } from "./classifyGraphError";
import type { DeltaItem, GroupDeltaPage, UserDeltaPage } from "./DeltaPage";
import type { GraphGroup } from "./GraphGroup";
import { GROUP_DELTA_SELECT, GROUP_SELECT } from "./GraphGroup";
import { toGroupDeltaItems } from "./groupDeltaItems";
import { managerChangeOf } from "./managerChange";
import type { AppRole, GraphSource } from "./GraphSource";
import type { GraphUser } from "./GraphUser";
import { USER_SELECT } from "./GraphUser";
import { GraphHttpHandler } from "./GraphHttpHandler";
import { GraphRetryMiddleware } from "./GraphRetryMiddleware";
import { GRAPH_RETRY_DEFAULTS } from "./graphRetryDefaults";
import { graphScope, toLogicalUrl } from "./graphLinks";
import { TokenCredentialAuthMiddleware } from "./TokenCredentialAuthMiddleware";

export interface MsGraphSourceOptions {
  /** Settings.graph.baseUrl, e.g. https://graph.microsoft.com or http://127.0.0.1:PORT (the emulator). */
  baseUrl: string;
  credential: TokenCredential;
  /**
   * How one call is retried in-process (defaults: GRAPH_RETRY_DEFAULTS), on the budget the Slack adapter uses too:
   * maxThrottleRetries, throttleBackoffBaseMs and maxThrottleWaitMs for 429/503/504 (GraphRetryMiddleware);
   * requestTimeoutMs, maxTransientAttempts and the backoff fields for connection failures and timeouts
   * (GraphHttpHandler).
   */
  retry?: Partial<HttpRetryOptions>;
  /** Values to redact from error messages (the client secret). */
  secrets?: readonly string[];
}

/** Largest number of appRoleAssignedTo pages read in one listing (999 per page). */
const MAX_ASSIGNMENT_PAGES = 10_000;
/** Largest number of transitiveMembers pages read for one group (999 per page). */
const MAX_MEMBER_PAGES = 10_000;

/** GraphSource over @microsoft/microsoft-graph-client 3.0.7 with a custom middleware chain (auth → retry → HTTP). */
export class MsGraphSource implements GraphSource, GraphSubscriptions {
  private readonly client: Client;
  private readonly baseUrl: string;

  constructor(options: MsGraphSourceOptions) {
    this.baseUrl = options.baseUrl;
    const auth = new TokenCredentialAuthMiddleware(
      options.credential,
      graphScope(options.baseUrl),
      options.secrets ?? [],
    );
    const policy: HttpRetryOptions = { ...GRAPH_RETRY_DEFAULTS, ...options.retry };
    const retry = new GraphRetryMiddleware(policy);
    const http = new GraphHttpHandler({ baseUrl: options.baseUrl, retry: policy });
    auth.setNext(retry);
    retry.setNext(http);
    this.client = Client.initWithMiddleware({ middleware: auth });
  }

  async getUsersDeltaPage(url: string | undefined, select: readonly string[] = USER_SELECT): Promise<UserDeltaPage> {
    const { values, ...links } = await this.readDeltaPage("users", url, select);
    return { items: values.map(toDeltaItem), ...links };
  }

  async getGroupsDeltaPage(
    url: string | undefined,
    select: readonly string[] = GROUP_DELTA_SELECT,
  ): Promise<GroupDeltaPage> {
    const { values, ...links } = await this.readDeltaPage("groups", url, select);
    return { items: toGroupDeltaItems(values), ...links };
  }

  /**
   * Reads one page of users/delta or groups/delta: a new round (url undefined, with the $select) or the nextLink /
   * deltaLink as Graph returned it. Checks the page has a value list and exactly one of nextLink and deltaLink.
   */
  private async readDeltaPage(
    resource: "users" | "groups",
    url: string | undefined,
    select: readonly string[],
  ): Promise<{ values: unknown[] } & ({ nextLink: string } | { deltaLink: string })> {
    const what = `reading ${resource}/delta`;
    const body = await this.get(
      url === undefined ? { what, target: { path: `/${resource}/delta` }, select } : { what, target: { link: url } },
    );
    const nextLink = typeof body["@odata.nextLink"] === "string" ? body["@odata.nextLink"] : undefined;
    const deltaLink = typeof body["@odata.deltaLink"] === "string" ? body["@odata.deltaLink"] : undefined;
    if (!Array.isArray(body.value) || (nextLink === undefined) === (deltaLink === undefined)) {
      throw new GraphRequestError(
        "InvalidDeltaResponse",
        `Microsoft Graph returned a ${resource}/delta page without a value list or without exactly one of ` +
          "nextLink/deltaLink.",
        200,
      );
    }
    const values = body.value as unknown[];
    return nextLink !== undefined ? { values, nextLink } : { values, deltaLink: deltaLink as string };
  }

  async getGroup(id: string, select: readonly string[] = GROUP_SELECT): Promise<GraphGroup | undefined> {
    return (await this.readObject("groups", "reading a group", id, select)) as GraphGroup | undefined;
  }

  async listTransitiveUserMembers(groupId: string): Promise<string[]> {
    const ids = new Set<string>();
    let target: { path: string } | { link: string } | undefined = {
      path: `/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user?$select=id&$top=999&$count=true`,
    };
    for (let page = 0; target !== undefined; page++) {
      if (page >= MAX_MEMBER_PAGES) {
        throw new GraphRequestError("TooManyPages", "transitiveMembers kept returning nextLinks; giving up.", 200);
      }
      // ConsistencyLevel is not carried in the nextLink: it is sent on every page.
      const body = await this.get({
        what: "listing a group's transitive members",
        target,
        headers: { ConsistencyLevel: "eventual" },
      });
      if (!Array.isArray(body.value)) {
        throw new GraphRequestError("InvalidResponse", "transitiveMembers returned no value list.", 200);
      }
      for (const v of body.value as Record<string, unknown>[]) {
        if (typeof v.id !== "string") {
          throw new GraphRequestError("InvalidResponse", "A transitiveMembers item has no id.", 200);
        }
        ids.add(v.id);
      }
      const next = body["@odata.nextLink"];
      target = typeof next === "string" ? { link: next } : undefined;
    }
    return [...ids];
  }

  async getUser(id: string, select: readonly string[] = USER_SELECT): Promise<GraphUser | undefined> {
    return (await this.readObject("users", "reading a user", id, select)) as GraphUser | undefined;
  }

  async isDeletedItem(id: string): Promise<boolean> {
    try {
      await this.get({
        what: "reading deleted items",
        target: { path: `/directory/deletedItems/${encodeURIComponent(id)}` },
        select: ["id"],
        notFoundIsUndefined: true,
      });
      return true;
    } catch (e) {
      if (e instanceof NotFound) return false;
      throw e;
    }
  }

  async getAppRoles(servicePrincipalId: string): Promise<AppRole[]> {
    const body = await this.get({
      what: "reading the Slack app's app roles",
      target: { path: `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}` },
      select: ["id", "appRoles"],
    });
    const roles = Array.isArray(body.appRoles) ? (body.appRoles as Record<string, unknown>[]) : [];
    return roles
      .filter((r) => typeof r.id === "string")
      .map((r) => ({
        id: r.id as string,
        value: typeof r.value === "string" ? r.value : null,
        displayName: typeof r.displayName === "string" ? r.displayName : null,
      }));
  }

  async listAppRoleAssignments(servicePrincipalId: string): Promise<AppRoleAssignment[]> {
    const all: AppRoleAssignment[] = [];
    let target: { path: string } | { link: string } | undefined = {
      path: `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/appRoleAssignedTo?$top=999`,
    };
    for (let page = 0; target !== undefined; page++) {
      if (page >= MAX_ASSIGNMENT_PAGES) {
        throw new GraphRequestError("TooManyPages", "appRoleAssignedTo kept returning nextLinks; giving up.", 200);
      }
      const body = await this.get({ what: "listing the Slack app's assignments", target });
      if (!Array.isArray(body.value)) {
        throw new GraphRequestError("InvalidResponse", "appRoleAssignedTo returned no value list.", 200);
      }
      for (const v of body.value as Record<string, unknown>[]) all.push(toAssignment(v));
      const next = body["@odata.nextLink"];
      target = typeof next === "string" ? { link: next } : undefined;
    }
    return all;
  }

  async createSubscription(input: NewSubscription): Promise<GraphSubscription> {
    const what = `subscribing to ${input.resource} change notifications`;
    try {
      return toSubscription(
        await this.client.api("/subscriptions").post({ changeType: "created,updated,deleted", ...input }),
        what,
      );
    } catch (e) {
      throw classifyGraphError(e, what);
    }
  }

  async getSubscription(id: string): Promise<GraphSubscription | undefined> {
    const what = "reading a change-notification subscription";
    try {
      return toSubscription(await this.client.api(`/subscriptions/${encodeURIComponent(id)}`).get(), what);
    } catch (e) {
      if ((e as { statusCode?: unknown } | null)?.statusCode === 404) return undefined;
      throw classifyGraphError(e, what);
    }
  }

  async renewSubscription(id: string, expirationDateTime: string): Promise<GraphSubscription | undefined> {
    const what = "renewing a change-notification subscription";
    try {
      const body: unknown = await this.client
        .api(`/subscriptions/${encodeURIComponent(id)}`)
        .patch({ expirationDateTime });
      return toSubscription(body, what);
    } catch (e) {
      if ((e as { statusCode?: unknown } | null)?.statusCode === 404) return undefined;
      throw classifyGraphError(e, what);
    }
  }

  async reauthorizeSubscription(id: string): Promise<boolean> {
    try {
      await this.client.api(`/subscriptions/${encodeURIComponent(id)}/reauthorize`).post({});
      return true;
    } catch (e) {
      if ((e as { statusCode?: unknown } | null)?.statusCode === 404) return false;
      throw classifyGraphError(e, "reauthorizing a change-notification subscription");
    }
  }

  async deleteSubscription(id: string): Promise<void> {
    try {
      await this.client.api(`/subscriptions/${encodeURIComponent(id)}`).delete();
    } catch (e) {
      if ((e as { statusCode?: unknown } | null)?.statusCode === 404) return;
      throw classifyGraphError(e, "deleting a change-notification subscription");
    }
  }

  /** One user or group by id, without its OData annotations; undefined when Graph answers 404. */
  private async readObject(
    collection: "users" | "groups",
    what: string,
    id: string,
    select: readonly string[],
  ): Promise<Record<string, unknown> | undefined> {
    try {
      const body = await this.get({
        what,
        target: { path: `/${collection}/${encodeURIComponent(id)}` },
        select,
        notFoundIsUndefined: true,
      });
      return stripAnnotations(body);
    } catch (e) {
      if (e instanceof NotFound) return undefined;
      throw e;
    }
  }

  /**
   * GET of a path relative to /v1.0, or of a link exactly as the server returned it (translated to the logical form;
   * a link to any other host than the configured one is refused).
   */
  private async get({
    what,
    target,
    select,
    notFoundIsUndefined = false,
    headers,
  }: GraphGetRequest): Promise<Record<string, unknown>> {
    try {
      let request = this.client.api("path" in target ? target.path : toLogicalUrl(target.link, this.baseUrl));
      if (select && select.length > 0) request = request.select([...select]);
      if (headers) request = request.headers(headers);
      const body = (await request.get()) as unknown;
      if (!body || typeof body !== "object") {
        throw new GraphRequestError("InvalidResponse", `Microsoft Graph returned no JSON object while ${what}.`, 200);
      }
      return body as Record<string, unknown>;
    } catch (e) {
      if (notFoundIsUndefined && (e as { statusCode?: unknown } | null)?.statusCode === 404) throw new NotFound();
      throw classifyGraphError(e, what);
    }
  }
}

/** One GET through the Graph client (MsGraphSource's private `get`). */
interface GraphGetRequest {
  /** What the request is for, in error messages: "reading a user". */
  what: string;
  /** A path relative to /v1.0, or a nextLink/deltaLink exactly as Graph returned it. */
  target: { path: string } | { link: string };
  /** $select (omitted when empty). */
  select?: readonly string[];
  /** A 404 throws NotFound (for the caller to turn into undefined) instead of a classified error. */
  notFoundIsUndefined?: boolean;
  /** Extra request headers, e.g. ConsistencyLevel: eventual. */
  headers?: Record<string, string>;
}

class NotFound extends Error {}

function toSubscription(body: unknown, what: string): GraphSubscription {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.id !== "string" || typeof b.expirationDateTime !== "string") {
    throw new GraphRequestError("InvalidResponse", `Microsoft Graph answered no subscription while ${what}.`, 200);
  }
  return {
    id: b.id,
    resource: typeof b.resource === "string" ? b.resource : "",
    expirationDateTime: b.expirationDateTime,
  };
}

function toDeltaItem(raw: unknown): DeltaItem<GraphUser> {
  const rec = (raw ?? {}) as Record<string, unknown>;
  const id = rec.id;
  if (typeof id !== "string") throw new GraphRequestError("InvalidDeltaResponse", "A users/delta item has no id.", 200);
  const removed = rec["@removed"] as { reason?: unknown } | undefined;
  if (removed && typeof removed === "object") {
    return { kind: "removed", id, reason: removed.reason === "deleted" ? "deleted" : "changed" };
  }
  const user = stripAnnotations(rec) as GraphUser;
  const managerChange = managerChangeOf(rec);
  if (managerChange !== undefined) user.managerChange = managerChange;
  return { kind: "present", object: user };
}

/** Drops OData control annotations (@odata.*) but keeps property annotations such as manager@delta. */
function stripAnnotations(rec: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) if (!k.startsWith("@")) out[k] = v;
  return out;
}

function toAssignment(v: Record<string, unknown>): AppRoleAssignment {
  const type = v.principalType;
  return {
    id: String(v.id),
    appRoleId: String(v.appRoleId),
    principalId: String(v.principalId),
    principalType: type === "Group" || type === "ServicePrincipal" ? type : "User",
    principalDisplayName: typeof v.principalDisplayName === "string" ? v.principalDisplayName : null,
    resourceId: String(v.resourceId),
    createdDateTime: typeof v.createdDateTime === "string" ? v.createdDateTime : null,
  };
}
