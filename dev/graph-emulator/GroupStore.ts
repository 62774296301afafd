import { randomUUID } from "node:crypto";
import { AdminError } from "./AdminError";
import type { ChangeLog, LinkChange } from "./ChangeLog";
import type {
  CreateGroupInput,
  EmulatorGroup,
  GroupMemberRef,
  GroupMemberType,
  GroupRemovalKind,
  UpdateGroupInput,
} from "./emulatorTypes";
import { SortedIds } from "./SortedIds";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPDATABLE = new Set(["displayName", "description", "mailNickname"]);

/** OData type of a member, as members@delta and /members carry it. */
export function odataTypeOf(type: GroupMemberType): string {
  return type === "user" ? "#microsoft.graph.user" : "#microsoft.graph.group";
}

export interface StoredGroup {
  id: string;
  /** displayName, description, mailEnabled, securityEnabled, groupTypes, mailNickname (set ones only). */
  properties: Record<string, unknown>;
  /** Direct members in insertion order. */
  members: Map<string, GroupMemberType>;
  createdDateTime: string;
  deletedDateTime: string | null;
}

/** Whether a user id exists and is active (not soft-deleted); provided by the user side of the directory. */
export type UserLookup = (id: string) => "active" | "softDeleted" | undefined;

/**
 * The emulated tenant's groups and their direct members (users and nested groups). Every change is appended to the
 * shared change log (resource "groups"), with member link changes, so groups/delta can report members@delta.
 */
export class GroupStore {
  private readonly groups = new Map<string, StoredGroup>();
  /** Every group's id, and the ids of the groups that are not soft-deleted, in id order. */
  private readonly ids = new SortedIds();
  private readonly liveIdSet = new SortedIds();
  /** Each group's member ids in id order, sorted at the first read after a member change (groups/delta pages). */
  private readonly sortedMembers = new WeakMap<StoredGroup, readonly string[]>();

  constructor(
    private readonly log: ChangeLog,
    private readonly users: UserLookup,
  ) {}

  create(input: CreateGroupInput): EmulatorGroup {
    const g = this.createWithoutMembers(input);
    for (const m of input.members ?? []) this.link(g, m);
    return this.view(g);
  }

  /** Creates the group only; members are added later (lets an import create every group before linking them). */
  createWithoutMembers(input: CreateGroupInput): StoredGroup {
    const id = input.id ?? randomUUID();
    if (!GUID.test(id)) throw new AdminError(400, "Request_BadRequest", `Invalid object id '${id}'.`);
    if (this.groups.has(id) || this.users(id) !== undefined) {
      throw new AdminError(409, "Request_BadRequest", `An object with id '${id}' exists.`);
    }
    if (typeof input.displayName !== "string" || input.displayName.trim() === "") {
      throw new AdminError(400, "Request_BadRequest", "displayName is required.");
    }
    const groupTypes = Array.isArray(input.groupTypes) ? input.groupTypes.map(String) : [];
    const unified = groupTypes.includes("Unified");
    const properties: Record<string, unknown> = {
      displayName: input.displayName,
      mailEnabled: input.mailEnabled ?? unified,
      securityEnabled: input.securityEnabled ?? !unified,
      groupTypes,
      mailNickname: input.mailNickname ?? nickname(input.displayName),
    };
    if (input.description !== undefined) properties.description = input.description;
    const g: StoredGroup = {
      id,
      properties,
      members: new Map(),
      createdDateTime: new Date().toISOString(),
      deletedDateTime: null,
    };
    this.groups.set(id, g);
    this.ids.add(id);
    this.liveIdSet.add(id);
    this.log.append({ resource: "groups", objectId: id, kind: "created", properties: Object.keys(properties) });
    return g;
  }

  update(id: string, patch: UpdateGroupInput): EmulatorGroup {
    const g = this.active(id);
    const changed: string[] = [];
    for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
      if (v === undefined || k === "id") continue;
      if (!UPDATABLE.has(k)) throw new AdminError(400, "Request_BadRequest", `Property '${k}' cannot be updated.`);
      if (k === "displayName" && (typeof v !== "string" || v.trim() === "")) {
        throw new AdminError(400, "Request_BadRequest", "displayName cannot be empty.");
      }
      if (k in g.properties && g.properties[k] === v) continue;
      g.properties[k] = v;
      changed.push(k);
    }
    if (changed.length > 0) this.log.append({ resource: "groups", objectId: id, kind: "updated", properties: changed });
    return this.view(g);
  }

  /** Adds a user or group (type inferred from the directory when given as a plain id). Idempotent. */
  addMember(groupId: string, member: string | GroupMemberRef): EmulatorGroup {
    const g = this.active(groupId);
    this.link(g, member);
    return this.view(g);
  }

  /** addMember without the view (a group created with thousands of members would copy its list per member). */
  private link(g: StoredGroup, member: string | GroupMemberRef): void {
    const ref = this.resolveMember(member);
    if (ref.type === "group" && ref.id === g.id) {
      throw new AdminError(400, "Request_BadRequest", "A group cannot be a member of itself.");
    }
    if (!g.members.has(ref.id)) {
      g.members.set(ref.id, ref.type);
      this.sortedMembers.delete(g);
      this.logLink(g.id, ref, "add");
    }
  }

  removeMember(groupId: string, memberId: string): EmulatorGroup {
    const g = this.active(groupId);
    const type = g.members.get(memberId);
    if (type === undefined) {
      throw new AdminError(404, "Request_ResourceNotFound", `'${memberId}' is not a member of group '${groupId}'.`);
    }
    g.members.delete(memberId);
    this.sortedMembers.delete(g);
    this.logLink(groupId, { id: memberId, type }, "remove");
    return this.view(g);
  }

  /** Removes an object from every group that has it as a direct member (on a permanent delete). */
  removeEverywhere(memberId: string): void {
    for (const g of this.groups.values()) {
      const type = g.members.get(memberId);
      if (type === undefined) continue;
      g.members.delete(memberId);
      this.sortedMembers.delete(g);
      this.logLink(g.id, { id: memberId, type }, "remove");
    }
  }

  /**
   * Deletes a group the way Entra does: a Microsoft 365 group (groupTypes contains "Unified") goes to deleted items
   * (restorable; delta reports "changed"); any other group is deleted permanently ("deleted"). Deleting a
   * soft-deleted group purges it.
   */
  delete(id: string): GroupRemovalKind {
    const g = this.groups.get(id);
    if (!g) throw new AdminError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist.`);
    const unified = Array.isArray(g.properties.groupTypes) && g.properties.groupTypes.includes("Unified");
    if (unified && g.deletedDateTime === null) {
      g.deletedDateTime = new Date().toISOString();
      this.liveIdSet.delete(id);
      this.log.append({ resource: "groups", objectId: id, kind: "softDeleted", properties: [] });
      return "changed";
    }
    this.purge(id);
    return "deleted";
  }

  /** Permanent delete (active or soft-deleted): the group also leaves every group it was a member of. */
  purge(id: string): void {
    if (!this.groups.delete(id)) {
      throw new AdminError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist.`);
    }
    this.ids.delete(id);
    this.liveIdSet.delete(id);
    this.removeEverywhere(id);
    this.log.append({ resource: "groups", objectId: id, kind: "purged", properties: [] });
  }

  restore(id: string): EmulatorGroup {
    const g = this.groups.get(id);
    if (!g || g.deletedDateTime === null) {
      throw new AdminError(404, "Request_ResourceNotFound", `Deleted group '${id}' does not exist.`);
    }
    g.deletedDateTime = null;
    this.liveIdSet.add(id);
    this.log.append({ resource: "groups", objectId: id, kind: "restored", properties: Object.keys(g.properties) });
    return this.view(g);
  }

  byId(id: string): StoredGroup | undefined {
    return this.groups.get(id);
  }

  /** All groups (active and soft-deleted), sorted by id. */
  all(): StoredGroup[] {
    const groups: StoredGroup[] = [];
    for (const id of this.ids.inOrder()) {
      const g = this.groups.get(id);
      if (g) groups.push(g);
    }
    return groups;
  }

  /** The group's direct member ids in id order; shared until its members change (do not change it). */
  sortedMemberIds(g: StoredGroup): readonly string[] {
    let ids = this.sortedMembers.get(g);
    if (!ids) {
      ids = [...g.members.keys()].sort();
      this.sortedMembers.set(g, ids);
    }
    return ids;
  }

  /** The ids of the groups that are not soft-deleted, in id order; shared until the next change (do not change it). */
  liveIds(): readonly string[] {
    return this.liveIdSet.inOrder();
  }

  getView(id: string): EmulatorGroup {
    const g = this.groups.get(id);
    if (!g) throw new AdminError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist.`);
    return this.view(g);
  }

  counts(): { groups: number; softDeletedGroups: number } {
    let soft = 0;
    for (const g of this.groups.values()) if (g.deletedDateTime !== null) soft++;
    return { groups: this.groups.size - soft, softDeletedGroups: soft };
  }

  view(g: StoredGroup): EmulatorGroup {
    const p = g.properties;
    return {
      id: g.id,
      displayName: String(p.displayName),
      description: typeof p.description === "string" ? p.description : null,
      mailEnabled: p.mailEnabled === true,
      securityEnabled: p.securityEnabled === true,
      groupTypes: Array.isArray(p.groupTypes) ? p.groupTypes.map(String) : [],
      mailNickname: String(p.mailNickname),
      createdDateTime: g.createdDateTime,
      deletedDateTime: g.deletedDateTime,
      members: [...g.members].map(([id, type]) => ({ id, type })),
    };
  }

  private resolveMember(member: string | GroupMemberRef): GroupMemberRef {
    const id = typeof member === "string" ? member : member.id;
    const wanted = typeof member === "string" ? undefined : member.type;
    const group = this.groups.get(id);
    if ((wanted === undefined || wanted === "group") && group && group.deletedDateTime === null) {
      return { id, type: "group" };
    }
    if ((wanted === undefined || wanted === "user") && this.users(id) === "active") return { id, type: "user" };
    throw new AdminError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist.`);
  }

  private active(id: string): StoredGroup {
    const g = this.groups.get(id);
    if (!g || g.deletedDateTime !== null) {
      throw new AdminError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist.`);
    }
    return g;
  }

  private logLink(groupId: string, ref: GroupMemberRef, op: LinkChange["op"]): void {
    this.log.append({
      resource: "groups",
      objectId: groupId,
      kind: "updated",
      properties: [],
      links: [{ relationship: "members", targetId: ref.id, targetType: odataTypeOf(ref.type), op }],
    });
  }
}

function nickname(displayName: string): string {
  return displayName.replace(/[^A-Za-z0-9]/g, "").slice(0, 64) || "group";
}
