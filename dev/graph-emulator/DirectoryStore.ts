import { randomBytes, randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { AdminError } from "./AdminError";
import { AssignmentTable } from "./AssignmentTable";
import type { StoredAssignment } from "./AssignmentTable";
import { ChangeLog } from "./ChangeLog";
import type { LinkChange } from "./ChangeLog";
import { DEFAULT_ACCESS_APP_ROLE_ID } from "./constants";
import type {
  AssignInput,
  CreateGroupInput,
  CreateUserInput,
  EmulatorAssignment,
  EmulatorGroup,
  EmulatorUser,
  GroupImportInput,
  GroupMemberRef,
  GroupRemovalKind,
  UpdateGroupInput,
  UpdateUserInput,
} from "./emulatorTypes";
import { GroupStore } from "./GroupStore";
import { SortedIds } from "./SortedIds";

/** Properties the emulator manages itself; admin input cannot set them. */
const READ_ONLY = new Set(["id", "createdDateTime", "deletedDateTime"]);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface StoredUser {
  id: string;
  /** Set properties only; a property cleared with null stays present with the value null. */
  properties: Record<string, unknown>;
  createdDateTime: string;
  deletedDateTime: string | null;
}

/**
 * The emulated tenant's users, groups, managers, assignments to the Slack service principal, and the change log. The
 * app's reads at scale (delta pages, appRoleAssignedTo pages, a user by id or UPN) cost the page, not the tenant: ids
 * are kept sorted between changes (SortedIds) and assignments in creation order with each principal's at hand
 * (AssignmentTable).
 */
export class DirectoryStore {
  readonly log = new ChangeLog();
  private readonly users = new Map<string, StoredUser>();
  /** Every user's id, and the ids of the users that are not soft-deleted, in id order. */
  private readonly userIds = new SortedIds();
  private readonly liveUserIdSet = new SortedIds();
  /** Lower-cased userPrincipalName → the users (active or soft-deleted) holding it: creates stay O(1) at 100k users. */
  private readonly usersByUpn = new Map<string, Set<string>>();
  /** Groups and their direct members (see GroupStore). */
  readonly groups: GroupStore = new GroupStore(this.log, (id) => {
    const u = this.users.get(id);
    return u === undefined ? undefined : u.deletedDateTime === null ? "active" : "softDeleted";
  });
  /** user id → manager's user id. */
  private readonly managers = new Map<string, string>();
  private readonly assignments = new AssignmentTable();
  private assignmentSeq = 0;
  /** The application's app roles (GET /servicePrincipals/{id} → appRoles). */
  appRoles: { id: string; value: string; displayName: string; isEnabled: boolean }[] = [];

  constructor(
    readonly servicePrincipalId: string,
    readonly servicePrincipalDisplayName = "Slack",
  ) {}

  // ---- users -------------------------------------------------------------------------------------------------

  createUser(input: CreateUserInput): EmulatorUser {
    const id = input.id ?? randomUUID();
    if (!GUID.test(id)) throw new AdminError(400, "Request_BadRequest", `Invalid object id '${id}'.`);
    if (this.users.has(id) || this.groups.byId(id)) {
      throw new AdminError(409, "Request_BadRequest", `An object with id '${id}' exists.`);
    }
    const upn = input.userPrincipalName;
    if (typeof upn !== "string" || !/^[^@\s]+@[^@\s]+$/.test(upn)) {
      throw new AdminError(400, "Request_BadRequest", "userPrincipalName is required and must look like local@domain.");
    }
    this.assertUpnFree(upn, id);
    const properties: Record<string, unknown> = {
      accountEnabled: true,
      userType: "Member",
      displayName: upn.split("@")[0],
      mailNickname: upn.split("@")[0],
    };
    for (const [k, v] of Object.entries(input)) {
      if (READ_ONLY.has(k) || v === undefined) continue;
      properties[k] = clone(v);
    }
    const user: StoredUser = { id, properties, createdDateTime: new Date().toISOString(), deletedDateTime: null };
    this.users.set(id, user);
    this.userIds.add(id);
    this.liveUserIdSet.add(id);
    this.indexUpn(id, upn);
    this.log.append({ resource: "users", objectId: id, kind: "created", properties: Object.keys(properties) });
    return view(user);
  }

  updateUser(id: string, patch: UpdateUserInput): EmulatorUser {
    const user = this.activeUser(id);
    const upnBefore = asString(user.properties.userPrincipalName);
    const changed: string[] = [];
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || k === "id") continue;
      if (READ_ONLY.has(k)) throw new AdminError(400, "Request_BadRequest", `Property '${k}' is read-only.`);
      if (k === "userPrincipalName") {
        if (typeof v !== "string" || !/^[^@\s]+@[^@\s]+$/.test(v)) {
          throw new AdminError(400, "Request_BadRequest", "userPrincipalName must look like local@domain.");
        }
        this.assertUpnFree(v, id);
      }
      const before = user.properties[k];
      if (k in user.properties && isDeepStrictEqual(before, v)) continue;
      user.properties[k] = clone(v);
      changed.push(k);
    }
    if (changed.length > 0) this.log.append({ resource: "users", objectId: id, kind: "updated", properties: changed });
    if (changed.includes("userPrincipalName")) {
      this.unindexUpn(id, upnBefore);
      this.indexUpn(id, asString(user.properties.userPrincipalName));
    }
    if (changed.includes("displayName")) {
      for (const a of this.assignments.ofPrincipal(id)) a.principalDisplayName = asString(user.properties.displayName);
    }
    return view(user);
  }

  softDeleteUser(id: string): EmulatorUser {
    const user = this.activeUser(id);
    user.deletedDateTime = new Date().toISOString();
    this.liveUserIdSet.delete(id);
    this.log.append({ resource: "users", objectId: id, kind: "softDeleted", properties: [] });
    return view(user);
  }

  restoreUser(id: string): EmulatorUser {
    const user = this.users.get(id);
    if (!user || user.deletedDateTime === null) {
      throw new AdminError(404, "Request_ResourceNotFound", `Deleted user '${id}' does not exist.`);
    }
    const upn = asString(user.properties.userPrincipalName);
    if (upn) this.assertUpnFree(upn, id);
    user.deletedDateTime = null;
    this.liveUserIdSet.add(id);
    this.log.append({
      resource: "users",
      objectId: id,
      kind: "restored",
      properties: Object.keys(user.properties),
    });
    return view(user);
  }

  /** Permanently deletes a user, active or soft-deleted, its assignments, group memberships and manager links. */
  purgeUser(id: string): void {
    const user = this.users.get(id);
    if (!user) throw new AdminError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist.`);
    this.users.delete(id);
    this.userIds.delete(id);
    this.liveUserIdSet.delete(id);
    this.unindexUpn(id, asString(user.properties.userPrincipalName));
    this.assignments.removePrincipal(id);
    this.managers.delete(id);
    for (const [report, manager] of [...this.managers]) {
      if (manager === id) this.clearManager(report);
    }
    this.groups.removeEverywhere(id);
    this.log.append({ resource: "users", objectId: id, kind: "purged", properties: [] });
  }

  // ---- manager -----------------------------------------------------------------------------------------------

  /** Sets the user's manager (a user). users/delta reports manager@delta when $select includes manager. */
  setManager(userId: string, managerId: string): EmulatorUser {
    const user = this.activeUser(userId);
    this.activeUser(managerId);
    if (userId === managerId) throw new AdminError(400, "Request_BadRequest", "A user cannot be their own manager.");
    const previous = this.managers.get(userId);
    if (previous === managerId) return view(user);
    this.managers.set(userId, managerId);
    const links: LinkChange[] = [];
    if (previous !== undefined) links.push(managerLink(previous, "remove"));
    links.push(managerLink(managerId, "add"));
    this.log.append({ resource: "users", objectId: userId, kind: "updated", properties: [], links });
    return view(user);
  }

  /** Removes the user's manager link (no-op when there is none). */
  clearManager(userId: string): EmulatorUser | undefined {
    const previous = this.managers.get(userId);
    const user = this.users.get(userId);
    if (!user) throw new AdminError(404, "Request_ResourceNotFound", `Resource '${userId}' does not exist.`);
    if (previous === undefined) return view(user);
    this.managers.delete(userId);
    this.log.append({
      resource: "users",
      objectId: userId,
      kind: "updated",
      properties: [],
      links: [managerLink(previous, "remove")],
    });
    return view(user);
  }

  /** The manager's user id, if any. */
  managerOf(userId: string): string | undefined {
    return this.managers.get(userId);
  }

  // ---- groups ------------------------------------------------------------------------------------------------

  createGroup(input: CreateGroupInput): EmulatorGroup {
    return this.groups.create(input);
  }

  updateGroup(id: string, patch: UpdateGroupInput): EmulatorGroup {
    const g = this.groups.update(id, patch);
    for (const a of this.assignments.ofPrincipal(id)) a.principalDisplayName = g.displayName;
    return g;
  }

  /** Soft delete for Microsoft 365 groups ("changed"), permanent for the others ("deleted"). */
  deleteGroup(id: string): GroupRemovalKind {
    const kind = this.groups.delete(id);
    if (kind === "deleted") this.dropAssignmentsOf(id);
    return kind;
  }

  purgeGroup(id: string): void {
    this.groups.purge(id);
    this.dropAssignmentsOf(id);
  }

  restoreGroup(id: string): EmulatorGroup {
    return this.groups.restore(id);
  }

  addMember(groupId: string, member: string | GroupMemberRef): EmulatorGroup {
    return this.groups.addMember(groupId, member);
  }

  removeMember(groupId: string, memberId: string): EmulatorGroup {
    return this.groups.removeMember(groupId, memberId);
  }

  /** Creates every group first, then links the members (so groups may reference each other), then assigns. */
  importGroups(input: GroupImportInput): { groups: EmulatorGroup[]; assignments: EmulatorAssignment[] } {
    const created = input.groups.map((g) => this.groups.createWithoutMembers(g));
    input.groups.forEach((g, i) => {
      const id = created[i]?.id ?? "";
      for (const m of g.members ?? []) this.groups.addMember(id, m);
    });
    const assignments = (input.assignments ?? []).map((a) => this.assign(a));
    return { groups: created.map((g) => this.groups.view(g)), assignments };
  }

  /** A user by id or (case-insensitive) userPrincipalName, including soft-deleted ones. */
  findUser(idOrUpn: string): StoredUser | undefined {
    const byId = this.users.get(idOrUpn);
    if (byId) return byId;
    for (const id of this.usersByUpn.get(idOrUpn.toLowerCase()) ?? []) {
      const u = this.users.get(id);
      if (u?.deletedDateTime === null) return u;
    }
    return undefined;
  }

  getUserView(id: string): EmulatorUser {
    const u = this.users.get(id);
    if (!u) throw new AdminError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist.`);
    return view(u);
  }

  /** All users (active and soft-deleted), sorted by id. */
  allUsers(): StoredUser[] {
    const users: StoredUser[] = [];
    for (const id of this.userIds.inOrder()) {
      const u = this.users.get(id);
      if (u) users.push(u);
    }
    return users;
  }

  /** The ids of the users that are not soft-deleted, in id order; shared until the next change (do not change it). */
  liveUserIds(): readonly string[] {
    return this.liveUserIdSet.inOrder();
  }

  userById(id: string): StoredUser | undefined {
    return this.users.get(id);
  }

  listUserViews(): EmulatorUser[] {
    return this.allUsers().map(view);
  }

  // ---- assignments -------------------------------------------------------------------------------------------

  assign(input: AssignInput): EmulatorAssignment {
    const principalType = input.principalType ?? "User";
    const appRoleId = input.appRoleId ?? DEFAULT_ACCESS_APP_ROLE_ID;
    let principalDisplayName: string | null = null;
    if (principalType === "User") {
      const u = this.users.get(input.principalId);
      if (!u || u.deletedDateTime !== null) {
        throw new AdminError(404, "Request_ResourceNotFound", `Resource '${input.principalId}' does not exist.`);
      }
      principalDisplayName = asString(u.properties.displayName) ?? null;
    } else {
      const g = this.groups.byId(input.principalId);
      if (g && g.deletedDateTime !== null) {
        throw new AdminError(404, "Request_ResourceNotFound", `Resource '${input.principalId}' does not exist.`);
      }
      // Unknown group ids stay accepted (as before groups existed in the emulator), with no display name.
      principalDisplayName = g ? (asString(g.properties.displayName) ?? null) : null;
    }
    if (this.assignments.ofPrincipal(input.principalId).some((a) => a.appRoleId === appRoleId)) {
      throw new AdminError(400, "Request_BadRequest", "Permission being assigned already exists on the object");
    }
    this.assignmentSeq += 1;
    const a: StoredAssignment = {
      id: randomBytes(32).toString("base64url").slice(0, 43),
      deletedDateTime: null,
      appRoleId,
      createdDateTime: new Date().toISOString(),
      principalDisplayName,
      principalId: input.principalId,
      principalType,
      resourceDisplayName: this.servicePrincipalDisplayName,
      resourceId: this.servicePrincipalId,
      seq: this.assignmentSeq,
    };
    this.assignments.add(a);
    return stripSeq(a);
  }

  /** Removes every assignment of the principal; returns how many were removed. */
  unassign(principalId: string): number {
    const n = this.assignments.removePrincipal(principalId);
    if (n === 0) throw new AdminError(404, "Request_ResourceNotFound", `No assignment for '${principalId}'.`);
    return n;
  }

  /**
   * Assignments as appRoleAssignedTo lists them, in creation order, with a cursor (the last seq returned).
   * Assignments of soft-deleted users are hidden until the user is restored.
   */
  assignmentsAfter(cursor: number, limit: number): { items: EmulatorAssignment[]; last: number; more: boolean } {
    const page: StoredAssignment[] = [];
    let more = false;
    for (const a of this.assignments.after(cursor)) {
      if (!this.principalVisible(a)) continue;
      if (page.length === limit) {
        more = true;
        break;
      }
      page.push(a);
    }
    return {
      items: page.map(stripSeq),
      last: page.length > 0 ? (page[page.length - 1]?.seq ?? cursor) : cursor,
      more,
    };
  }

  listAssignments(): EmulatorAssignment[] {
    return this.assignmentsAfter(0, Number.MAX_SAFE_INTEGER).items;
  }

  counts(): {
    users: number;
    softDeletedUsers: number;
    groups: number;
    softDeletedGroups: number;
    assignments: number;
  } {
    let soft = 0;
    for (const u of this.users.values()) if (u.deletedDateTime !== null) soft++;
    return {
      users: this.users.size - soft,
      softDeletedUsers: soft,
      ...this.groups.counts(),
      assignments: this.listAssignments().length,
    };
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private dropAssignmentsOf(principalId: string): void {
    this.assignments.removePrincipal(principalId);
  }

  private principalVisible(a: StoredAssignment): boolean {
    if (a.principalType === "Group") {
      const g = this.groups.byId(a.principalId);
      return g === undefined || g.deletedDateTime === null;
    }
    if (a.principalType !== "User") return true;
    const u = this.users.get(a.principalId);
    return u !== undefined && u.deletedDateTime === null;
  }

  private activeUser(id: string): StoredUser {
    const u = this.users.get(id);
    if (!u || u.deletedDateTime !== null) {
      throw new AdminError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist.`);
    }
    return u;
  }

  private assertUpnFree(upn: string, selfId: string): void {
    for (const id of this.usersByUpn.get(upn.toLowerCase()) ?? []) {
      if (id !== selfId && this.users.get(id)?.deletedDateTime === null) {
        throw new AdminError(
          400,
          "Request_BadRequest",
          "Another object with the same value for property userPrincipalName already exists.",
        );
      }
    }
  }

  private indexUpn(id: string, upn: string | undefined): void {
    if (upn === undefined) return;
    const key = upn.toLowerCase();
    const ids = this.usersByUpn.get(key) ?? new Set<string>();
    ids.add(id);
    this.usersByUpn.set(key, ids);
  }

  private unindexUpn(id: string, upn: string | undefined): void {
    if (upn === undefined) return;
    const key = upn.toLowerCase();
    const ids = this.usersByUpn.get(key);
    ids?.delete(id);
    if (ids?.size === 0) this.usersByUpn.delete(key);
  }
}

function managerLink(targetId: string, op: LinkChange["op"]): LinkChange {
  return { relationship: "manager", targetId, targetType: "#microsoft.graph.user", op };
}

function asString(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function clone<T>(v: T): T {
  return v === null || typeof v !== "object" ? v : structuredClone(v);
}

function stripSeq(a: StoredAssignment): EmulatorAssignment {
  const { seq: _seq, ...rest } = a;
  return { ...rest };
}

function view(u: StoredUser): EmulatorUser {
  return {
    ...structuredClone(u.properties),
    id: u.id,
    createdDateTime: u.createdDateTime,
    deletedDateTime: u.deletedDateTime,
  };
}
