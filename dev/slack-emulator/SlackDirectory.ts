import type { SlackUser } from "../../shared/slack/ScimUser";
import {
  DEFAULT_PAGE_SIZE,
  MAX_GROUP_MEMBERS,
  MAX_PAGE_SIZE,
  SCIM_CORE_GROUP_SCHEMA,
  SCIM_LIST_RESPONSE_SCHEMA,
} from "./constants";
import { newSlackId } from "./ids";
import { localIsoString } from "./localIsoString";
import { MemberIndex } from "./MemberIndex";
import type { SlackRole, StoredGroup, StoredUser } from "./model";
import { cloneUser } from "./model";
import { compileFilter, filterPredicate, parseFilter } from "./scimFilter";
import { ScimError } from "./ScimError";
import { userFilterCandidates } from "./userFilterCandidates";
import { attr, userFromRequest } from "./userFromRequest";
import { applyUserPatch } from "./userPatch";
import { validateDisplayName, validateEmail } from "./userRules";
import { UserTable } from "./UserTable";
import { userToScim } from "./userToScim";
import { isRecord, itemList } from "./values";

/** Account types Slack never makes guests (`cannot_make_user_guest`). */
const ADMIN_ROLES: ReadonlySet<SlackRole> = new Set<SlackRole>(["primaryOwner", "owner", "admin"]);

/** A SCIM v2 group as the emulator answers it. */
export interface EmulatorGroup {
  schemas: string[];
  id: string;
  displayName: string;
  members: { value: string; display: string }[];
  meta: { created: string; location: string };
}

export interface ListResponse<T> {
  schemas: string[];
  Resources: T[];
  totalResults: number;
  itemsPerPage: number;
  startIndex: number;
}

/** A group as the directory keeps it: members as a set in the order they joined, and its place in creation order. */
interface GroupRecord {
  id: string;
  displayName: string;
  members: Set<string>;
  created: string;
  seq: number;
}

/** What groupToScim renders: a stored group or the directory's own record of one. */
export type GroupShape = Omit<StoredGroup, "members"> & { members: Iterable<string> };

export interface DirectoryOptions {
  /** Enterprise Grid: users get W… ids instead of U…. */
  grid: boolean;
  /** Channel names; a userName equal to one of them is `username_taken` (same namespace). */
  channelNames: Iterable<string>;
}

const USER_FILTER_ATTRIBUTES = ["username", "email", "emails", "emails.value", "restricted", "ultra_restricted"];
const GROUP_FILTER_ATTRIBUTES = ["displayname", "id"];

/**
 * The emulated Slack org: users and groups with Slack's rules (reference §2–§4). Every method is synchronous, so each
 * request's change is atomic; rule violations throw ScimError with Slack's code and the status of the §4 table.
 * A request costs what its own answer and input cost, not a pass over the org: users are looked up by userName and
 * email (UserTable), a user's groups through the reverse of the member sets (MemberIndex), and a list page is sliced
 * from the creation order. The answers are those of a pass over every user or group in creation order.
 */
export class SlackDirectory {
  private readonly users = new UserTable();
  private readonly groups = new Map<string, GroupRecord>();
  private readonly memberships = new MemberIndex();
  private groupSeq = 0;
  private channels = new Set<string>();

  constructor(
    private scimBaseUrl: string,
    private options: DirectoryOptions,
  ) {
    this.setChannelNames(options.channelNames);
  }

  setBaseUrl(url: string): void {
    this.scimBaseUrl = url;
  }

  setChannelNames(names: Iterable<string>): void {
    this.channels = new Set([...names].map((n) => n.toLowerCase().replace(/^#/, "")));
  }

  clear(): void {
    this.users.clear();
    this.groups.clear();
    this.memberships.clear();
  }

  // ---- users -------------------------------------------------------------------------------------------------

  private userOrThrow(id: string): StoredUser {
    const u = this.users.get(id);
    if (!u) throw new ScimError(404, "no_such_user", `user=${id}`);
    return u;
  }

  /** The user's groups in the groups' creation order. */
  private groupsOf(userId: string): { value: string; display: string }[] {
    const groups: GroupRecord[] = [];
    for (const id of this.memberships.groupsOf(userId)) {
      const g = this.groups.get(id);
      if (g) groups.push(g);
    }
    return groups.sort((a, b) => a.seq - b.seq).map((g) => ({ value: g.id, display: g.displayName }));
  }

  toScim(u: StoredUser): SlackUser {
    return userToScim(u, this.scimBaseUrl, this.groupsOf(u.id)) as SlackUser;
  }

  allUsers(): StoredUser[] {
    return [...this.users.values()];
  }

  findUser(id: string): StoredUser | undefined {
    return this.users.get(id);
  }

  listUsers(query: URLSearchParams): ListResponse<SlackUser> {
    const filterText = query.get("filter");
    if (!filterText) return page(this.users.ids(), query, (id) => this.toScim(this.userOrThrow(id)));
    const filter = parseFilter(filterText, USER_FILTER_ATTRIBUTES);
    const matches = filterPredicate<StoredUser>(filter, (u) => userValues(u));
    const candidates = userFilterCandidates(filter, this.users);
    const users = candidates === undefined ? [...this.users.values()] : this.users.inOrder(candidates);
    return page(users.filter(matches), query, (u) => this.toScim(u));
  }

  getUser(id: string): SlackUser {
    return this.toScim(this.userOrThrow(id));
  }

  createUser(body: unknown, slackRole: SlackRole = "member"): SlackUser {
    const id = newSlackId(this.options.grid ? "W" : "U", (x) => this.users.has(x));
    const user = userFromRequest(body, { id, created: localIsoString(new Date()), slackRole }, "create");
    this.commit(user, undefined);
    return this.toScim(user);
  }

  replaceUser(id: string, body: unknown): SlackUser {
    const previous = this.userOrThrow(id);
    const user = userFromRequest(body, { id, created: previous.created, slackRole: previous.slackRole }, "replace");
    this.commit(user, previous);
    return this.toScim(user);
  }

  patchUser(id: string, body: unknown): SlackUser {
    const previous = this.userOrThrow(id);
    const user = cloneUser(previous);
    applyUserPatch(user, body);
    this.commit(user, previous);
    return this.toScim(user);
  }

  /** DELETE deactivates (never hard-deletes); idempotent. */
  deactivateUser(id: string): void {
    const previous = this.userOrThrow(id);
    if (!previous.active) return;
    this.commit({ ...cloneUser(previous), active: false }, previous);
  }

  /** Validates the candidate against Slack's rules and the rest of the org, then stores it. */
  private commit(user: StoredUser, previous: StoredUser | undefined): void {
    validateDisplayName(user.displayName, user.userName);
    if (user.primaryEmail === null) throw new ScimError(400, "missing_primary_email");
    validateEmail(user.primaryEmail);
    if (user.secondaryEmail !== null) {
      if (user.secondaryEmail.toLowerCase() === user.primaryEmail.toLowerCase()) user.secondaryEmail = null;
      else validateEmail(user.secondaryEmail);
    }
    if (this.channels.has(user.userName)) throw new ScimError(409, "username_taken", `username=${user.userName}`);
    // The first user in creation order holding the userName or an email decides the answer (userName first).
    const conflict = this.users.firstConflict(user);
    if (conflict?.kind === "username") throw new ScimError(409, "username_taken", `username=${user.userName}`);
    if (conflict) throw new ScimError(409, "email_taken", `existing_user=${conflict.other.id}`);
    const becomesGuest = user.guest !== null && (previous === undefined || previous.guest === null);
    if (becomesGuest || (user.guest !== null && !this.options.grid)) {
      // Multi-channel guests through SCIM are Enterprise Grid only (reference §1, §6.6). Slack does not document its
      // answer elsewhere; the emulator refuses with permission_denied.
      if (!this.options.grid) throw new ScimError(403, "permission_denied", "guests need Enterprise Grid");
      if (ADMIN_ROLES.has(user.slackRole)) throw new ScimError(400, "cannot_make_user_guest", `user=${user.id}`);
    }
    // Either conversion (member → guest, guest → member) reactivates a deactivated user (reference §2.6).
    if (previous && (previous.guest === null) !== (user.guest === null)) user.active = true;
    if (previous && previous.active && !user.active) {
      if (previous.slackRole === "primaryOwner") throw new ScimError(403, "cannot_disable_primary_owner");
      if (previous.slackRole === "bot") throw new ScimError(403, "cannot_disable_bot_user_with_scim");
    }
    this.users.put(user);
    if (!user.active) {
      for (const groupId of [...this.memberships.groupsOf(user.id)]) {
        this.groups.get(groupId)?.members.delete(user.id);
        this.memberships.remove(groupId, user.id);
      }
    }
  }

  /** An admin changes a user's account type (promotes or demotes it); SCIM shows it in `roles` from then on. */
  setRole(id: string, slackRole: SlackRole): StoredUser {
    const user = this.userOrThrow(id);
    user.slackRole = slackRole;
    return user;
  }

  /** Seeds a user as an admin would have created it (rules still apply), with a role and active flag. */
  seedUser(body: Record<string, unknown>, slackRole: SlackRole, active: boolean): StoredUser {
    const id = newSlackId(this.options.grid ? "W" : "U", (x) => this.users.has(x));
    const user = userFromRequest(body, { id, created: localIsoString(new Date()), slackRole }, "create");
    user.active = active;
    this.commit(user, undefined);
    return user;
  }

  // ---- groups ------------------------------------------------------------------------------------------------

  private groupOrThrow(id: string): GroupRecord {
    const g = this.groups.get(id);
    if (!g) throw new ScimError(404, "no_such_group", `group=${id}`);
    return g;
  }

  groupToScim(g: GroupShape): EmulatorGroup {
    return {
      schemas: [SCIM_CORE_GROUP_SCHEMA],
      id: g.id,
      displayName: g.displayName,
      members: Array.from(g.members, (m) => {
        const u = this.users.get(m);
        return { value: m, display: u ? u.displayName || u.userName : m };
      }),
      meta: { created: g.created, location: `${this.scimBaseUrl}/Groups/${g.id}` },
    };
  }

  /** Every group in creation order, each a copy (members as a list in the order they joined). */
  allGroups(): StoredGroup[] {
    return [...this.groups.values()].map(storedGroup);
  }

  /** A copy of the group (members as a list in the order they joined). */
  findGroup(id: string): StoredGroup | undefined {
    const g = this.groups.get(id);
    return g ? storedGroup(g) : undefined;
  }

  listGroups(query: URLSearchParams): ListResponse<EmulatorGroup> {
    const filterText = query.get("filter");
    const predicate = filterText
      ? compileFilter<GroupRecord>(
          filterText,
          (g) => (a) => (a === "displayname" ? [g.displayName] : a === "id" ? [g.id] : undefined),
          GROUP_FILTER_ATTRIBUTES,
        )
      : () => true;
    return page([...this.groups.values()].filter(predicate), query, (g) => this.groupToScim(g));
  }

  getGroup(id: string): EmulatorGroup {
    return this.groupToScim(this.groupOrThrow(id));
  }

  createGroup(body: unknown): EmulatorGroup {
    if (!isRecord(body)) throw new ScimError(400, "invalid_request_payload");
    const id = newSlackId("S", (x) => this.groups.has(x));
    const displayName = groupName(attr(body, "displayName"));
    const members = this.addMembers(new Set(), attr(body, "members"));
    const created = localIsoString(new Date());
    const group: GroupRecord = { id, displayName, members: new Set(), created, seq: ++this.groupSeq };
    this.groups.set(id, group);
    this.setMembers(group, members);
    return this.groupToScim(group);
  }

  /** PUT replaces everything, including the member list: omitted members empty the group. */
  replaceGroup(id: string, body: unknown): EmulatorGroup {
    const group = this.groupOrThrow(id);
    if (!isRecord(body)) throw new ScimError(400, "invalid_request_payload");
    const displayName = groupName(attr(body, "displayName"));
    const members = this.addMembers(new Set(), attr(body, "members"));
    group.displayName = displayName;
    this.setMembers(group, members);
    return this.groupToScim(group);
  }

  /**
   * RFC 7644 §3.5.2.2 read to the letter: `remove` on `members` without a filter removes every member, whatever value
   * list it carries (Slack treats that value list as the members to remove). Set for the "other SCIM server" style.
   */
  strictMemberRemove = false;

  patchGroup(id: string, body: unknown): EmulatorGroup {
    const stored = this.groupOrThrow(id);
    // Operations apply to a draft, stored only when every one succeeded (a PATCH is all or nothing).
    const group = { displayName: stored.displayName, members: new Set(stored.members) };
    if (!isRecord(body)) throw new ScimError(400, "invalid_request_payload");
    const operations = attr(body, "Operations");
    if (!Array.isArray(operations)) throw new ScimError(400, "missing_schema_element", "Operations");
    for (const raw of operations as unknown[]) {
      if (!isRecord(raw)) throw new ScimError(400, "invalid_request_payload");
      const op = typeof raw.op === "string" ? raw.op.toLowerCase() : "";
      if (op !== "add" && op !== "replace" && op !== "remove") {
        throw new ScimError(400, "invalid_request_payload", `op=${String(raw.op)}`);
      }
      const path = typeof raw.path === "string" ? raw.path.trim() : "";
      if (path === "") {
        if (op === "remove" || !isRecord(raw.value)) throw new ScimError(400, "invalid_request_payload", "path");
        const name = attr(raw.value, "displayName");
        if (name !== undefined) group.displayName = groupName(name);
        const members = attr(raw.value, "members");
        if (members !== undefined) {
          group.members = this.addMembers(op === "add" ? group.members : new Set(), members);
        }
        continue;
      }
      const one = /^members\[\s*value\s+eq\s+"?([^"\]\s]+)"?\s*\]$/i.exec(path);
      if (one && op === "remove") {
        if (one[1] !== undefined) group.members.delete(one[1]);
      } else if (path.toLowerCase() === "members") {
        if (op === "add") group.members = this.addMembers(group.members, raw.value);
        else if (op === "replace") group.members = this.addMembers(new Set(), raw.value);
        else if (raw.value === undefined || raw.value === null || this.strictMemberRemove) group.members = new Set();
        else {
          for (const m of itemList(raw.value, "members")) group.members.delete(String(m.value));
        }
      } else if (path.toLowerCase() === "displayname" && op !== "remove") {
        group.displayName = groupName(raw.value);
      } else if (path.toLowerCase() === "externalid") {
        continue;
      } else {
        throw new ScimError(400, "invalid_attribute_format", `path=${path}`);
      }
    }
    stored.displayName = group.displayName;
    this.setMembers(stored, group.members);
    return this.groupToScim(stored);
  }

  /** DELETE removes the group permanently; users are untouched. */
  deleteGroup(id: string): void {
    const group = this.groupOrThrow(id);
    this.setMembers(group, new Set());
    this.groups.delete(id);
  }

  seedGroup(displayName: string, members: string[]): StoredGroup {
    const created = this.createGroup({ displayName, members: members.map((value) => ({ value })) });
    return storedGroup(this.groupOrThrow(created.id));
  }

  /** Gives the group its new member set and tells the reverse index who left and who joined. */
  private setMembers(group: GroupRecord, members: Set<string>): void {
    this.memberships.replace(group.id, group.members, members);
    group.members = members;
  }

  /**
   * Adds members given as `[{value}]` to `members` (a set in joining order; already there stays in place) and returns
   * it; unknown users are `no_such_user`, deactivated ones cannot be added (`unable_to_add_deleted_or_guest_to_group`).
   * A request naming more than 15,000 users is `too_many_users`; a group that would exceed 15,000 members is
   * `group_member_max_exceeded`. On an error `members` may hold some of the new members: callers pass a set they
   * discard then (a new one, or a PATCH's draft).
   */
  private addMembers(members: Set<string>, value: unknown): Set<string> {
    const items = itemList(value, "members");
    if (items.length > MAX_GROUP_MEMBERS) throw new ScimError(400, "too_many_users");
    for (const item of items) {
      const id = typeof item.value === "string" ? item.value : undefined;
      if (!id) throw new ScimError(400, "groups_invalid", "members.value");
      const user = this.users.get(id);
      if (!user) throw new ScimError(404, "no_such_user", `user=${id}`);
      if (!user.active) throw new ScimError(400, "unable_to_add_deleted_or_guest_to_group", `user=${id}`);
      members.add(id);
    }
    if (members.size > MAX_GROUP_MEMBERS) throw new ScimError(400, "group_member_max_exceeded");
    return members;
  }
}

function storedGroup(g: GroupRecord): StoredGroup {
  return { id: g.id, displayName: g.displayName, members: [...g.members], created: g.created };
}

function groupName(v: unknown): string {
  if (typeof v !== "string" || v.trim() === "") throw new ScimError(400, "missing_schema_element", "displayName");
  return v;
}

function userValues(u: StoredUser): (a: string) => (string | boolean | null)[] | undefined {
  return (a) => {
    switch (a) {
      case "username":
        return [u.userName];
      case "email":
      case "emails":
      case "emails.value":
        return [u.primaryEmail, u.secondaryEmail];
      case "restricted":
      case "ultra_restricted":
        return ["0"];
      default:
        return undefined;
    }
  };
}

/** Paging as Slack does it: 1-based startIndex, default count 10, count clamped to 1000. Renders only the page. */
function page<T, R>(all: readonly T[], query: URLSearchParams, render: (t: T) => R): ListResponse<R> {
  const startRaw = Number.parseInt(query.get("startIndex") ?? "", 10);
  const startIndex = Number.isFinite(startRaw) && startRaw >= 1 ? startRaw : 1;
  const countRaw = Number.parseInt(query.get("count") ?? "", 10);
  const count = Number.isFinite(countRaw) ? Math.min(Math.max(countRaw, 0), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  const slice = all.slice(startIndex - 1, startIndex - 1 + count).map(render);
  return {
    schemas: [SCIM_LIST_RESPONSE_SCHEMA],
    Resources: slice,
    totalResults: all.length,
    itemsPerPage: slice.length,
    startIndex,
  };
}
