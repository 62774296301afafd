import type { AppRoleAssignment } from "../../../shared/graph/AppRoleAssignment";
import type { GroupDeltaPage, UserDeltaPage } from "../../../shared/graph/DeltaPage";
import type { GraphGroup } from "../../../shared/graph/GraphGroup";
import type { AppRole, GraphSource } from "../../../shared/graph/GraphSource";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import { cloneJson } from "./cloneJson";

/**
 * A small GraphSource over a map of users, for the use cases that read one user directly (the provisioner when the
 * mirror has no snapshot yet, the absence check). `getUser` answers only the selected properties (and the id), as
 * Graph does, and undefined for an unknown id (Graph's 404). The delta, assignment and group reads are not used by
 * the unit tests and throw.
 */
export class InMemoryGraph implements GraphSource {
  private readonly users = new Map<string, GraphUser>();
  /** The ids read with getUser, in order (to assert that a use case read Graph, or did not). */
  readonly reads: string[] = [];

  constructor(users: readonly GraphUser[] = []) {
    for (const u of users) this.setUser(u);
  }

  setUser(user: GraphUser): void {
    this.users.set(user.id, cloneJson(user));
  }

  deleteUser(id: string): void {
    this.users.delete(id);
  }

  getUser(id: string, select?: readonly string[]): Promise<GraphUser | undefined> {
    this.reads.push(id);
    const user = this.users.get(id);
    if (!user) return Promise.resolve(undefined);
    if (!select) return Promise.resolve(cloneJson(user));
    const wanted = new Set(select.map((p) => p.toLowerCase()));
    const picked = Object.fromEntries(Object.entries(user).filter(([k]) => k === "id" || wanted.has(k.toLowerCase())));
    return Promise.resolve(cloneJson(picked as GraphUser));
  }

  getUsersDeltaPage(_url: string | undefined, _select?: readonly string[]): Promise<UserDeltaPage> {
    return notUsed("getUsersDeltaPage");
  }

  listAppRoleAssignments(_servicePrincipalId: string): Promise<AppRoleAssignment[]> {
    return notUsed("listAppRoleAssignments");
  }

  getGroupsDeltaPage(_url: string | undefined, _select?: readonly string[]): Promise<GroupDeltaPage> {
    return notUsed("getGroupsDeltaPage");
  }

  getGroup(_id: string, _select?: readonly string[]): Promise<GraphGroup | undefined> {
    return notUsed("getGroup");
  }

  listTransitiveUserMembers(_groupId: string): Promise<string[]> {
    return notUsed("listTransitiveUserMembers");
  }

  getAppRoles(_servicePrincipalId: string): Promise<AppRole[]> {
    return notUsed("getAppRoles");
  }
}

function notUsed<T>(method: string): Promise<T> {
  return Promise.reject(new Error(`InMemoryGraph.${method} is not used in unit tests`));
}
