import type { AppRoleAssignment } from "../../../shared/graph/AppRoleAssignment";
import type { GroupDeltaPage, UserDeltaPage } from "../../../shared/graph/DeltaPage";
import type { GraphGroup } from "../../../shared/graph/GraphGroup";
import type { AppRole, GraphSource } from "../../../shared/graph/GraphSource";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import { cloneJson } from "./cloneJson";

/** A scripted answer to one delta request: a page, or an error to throw (an expired token, an outage). */
export type ScriptedDelta<P> = P | Error;

/**
 * A small GraphSource for unit tests. Direct reads come from a map of users: `getUser` answers only the selected
 * properties (and the id), as Graph does, and undefined for an unknown id (Graph's 404); `getGroup` likewise from a
 * map of groups. The assignments and app roles are lists a test sets. Delta reads are scripted: a test says which page
 * (or error) answers which URL (`undefined`: the first page of a full read), so the round processors run on exactly
 * the pages Graph would send; an unscripted URL throws.
 */
export class InMemoryGraph implements GraphSource {
  private readonly users = new Map<string, GraphUser>();
  private readonly groups = new Map<string, GraphGroup>();
  private readonly deltas = {
    users: new Map<string, ScriptedDelta<UserDeltaPage>>(),
    groups: new Map<string, ScriptedDelta<GroupDeltaPage>>(),
  };
  /** The ids read with getUser, in order (to assert that a use case read Graph, or did not). */
  readonly reads: string[] = [];
  /** The delta URLs requested, in order ("(full)" for the first page of a full read). */
  readonly deltaReads: string[] = [];
  assignments: AppRoleAssignment[] = [];
  /** While set, the assignment and app-role reads fail with it (refused credentials, an outage). */
  refusal: Error | undefined;
  appRoles: AppRole[] = [];

  constructor(users: readonly GraphUser[] = []) {
    for (const u of users) this.setUser(u);
  }

  setUser(user: GraphUser): void {
    this.users.set(user.id, cloneJson(user));
  }

  deleteUser(id: string): void {
    this.users.delete(id);
  }

  /** Soft-deleted users: GET /users/{id} answers 404 for them, /directory/deletedItems/{id} finds them. */
  readonly deletedItems = new Set<string>();
  /** The ids read with isDeletedItem, in order. */
  readonly deletedItemReads: string[] = [];

  /** Moves a user to deleted items (soft delete); deleteUser then purgeDeleted is a hard delete. */
  softDeleteUser(id: string): void {
    this.users.delete(id);
    this.deletedItems.add(id);
  }

  isDeletedItem(id: string): Promise<boolean> {
    this.deletedItemReads.push(id);
    return Promise.resolve(this.deletedItems.has(id));
  }

  /** By object id, or by userPrincipalName (case-insensitive) as Graph's GET /users/{id | userPrincipalName}. */
  getUser(id: string, select?: readonly string[]): Promise<GraphUser | undefined> {
    this.reads.push(id);
    const user =
      this.users.get(id) ??
      [...this.users.values()].find((u) => u.userPrincipalName?.toLowerCase() === id.toLowerCase());
    if (!user) return Promise.resolve(undefined);
    if (!select) return Promise.resolve(cloneJson(user));
    const wanted = new Set(select.map((p) => p.toLowerCase()));
    const picked = Object.fromEntries(Object.entries(user).filter(([k]) => k === "id" || wanted.has(k.toLowerCase())));
    return Promise.resolve(cloneJson(picked as GraphUser));
  }

  setGroup(group: GraphGroup): void {
    this.groups.set(group.id, cloneJson(group));
  }

  /** Scripts the answer to one users/delta or groups/delta request (`url` undefined: a full read's first page). */
  scriptUsersDelta(url: string | undefined, answer: ScriptedDelta<UserDeltaPage>): void {
    this.deltas.users.set(url ?? "", answer);
  }

  scriptGroupsDelta(url: string | undefined, answer: ScriptedDelta<GroupDeltaPage>): void {
    this.deltas.groups.set(url ?? "", answer);
  }

  getUsersDeltaPage(url: string | undefined, _select?: readonly string[]): Promise<UserDeltaPage> {
    return this.delta(this.deltas.users, "users", url);
  }

  getGroupsDeltaPage(url: string | undefined, _select?: readonly string[]): Promise<GroupDeltaPage> {
    return this.delta(this.deltas.groups, "groups", url);
  }

  listAppRoleAssignments(_servicePrincipalId: string): Promise<AppRoleAssignment[]> {
    return this.refusal ? Promise.reject(this.refusal) : Promise.resolve(cloneJson(this.assignments));
  }

  getAppRoles(_servicePrincipalId: string): Promise<AppRole[]> {
    return this.refusal ? Promise.reject(this.refusal) : Promise.resolve(cloneJson(this.appRoles));
  }

  getGroup(id: string, _select?: readonly string[]): Promise<GraphGroup | undefined> {
    const group = this.groups.get(id);
    return Promise.resolve(group ? cloneJson(group) : undefined);
  }

  private delta<P>(script: Map<string, ScriptedDelta<P>>, resource: string, url: string | undefined): Promise<P> {
    this.deltaReads.push(`${resource} ${url ?? "(full)"}`);
    const answer = script.get(url ?? "");
    if (answer === undefined)
      return Promise.reject(new Error(`InMemoryGraph: no ${resource}/delta page scripted for ${url ?? "a full read"}`));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(cloneJson(answer));
  }

  listTransitiveUserMembers(_groupId: string): Promise<string[]> {
    return notUsed("listTransitiveUserMembers");
  }
}

function notUsed<T>(method: string): Promise<T> {
  return Promise.reject(new Error(`InMemoryGraph.${method} is not used in unit tests`));
}
