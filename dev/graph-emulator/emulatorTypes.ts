import type { AppRoleAssignment } from "../../shared/graph/AppRoleAssignment";
import type { GraphUser } from "../../shared/graph/GraphUser";

/** A user as the emulator's admin API returns it: every set property, plus its deletion state. */
export type EmulatorUser = GraphUser & {
  /** ISO time of the soft delete, or null while the user is active. */
  deletedDateTime: string | null;
  createdDateTime: string;
};

/** Input to create a user. `id` is a random GUID unless given. Properties left out are "never set". */
export type CreateUserInput = { id?: string; userPrincipalName: string } & Record<string, unknown>;

/** A partial update: each given property is set; null clears it. `id` cannot change. */
export type UpdateUserInput = Record<string, unknown>;

export interface AssignInput {
  principalId: string;
  principalType?: "User" | "Group";
  appRoleId?: string;
}

/** An assignment as Graph returns it from appRoleAssignedTo. */
export type EmulatorAssignment = AppRoleAssignment & {
  deletedDateTime: null;
  resourceDisplayName: string;
  createdDateTime: string;
};

/** Make the next `count` requests whose path contains `pathContains` fail or hang. */
export interface FaultSpec {
  pathContains: string;
  /** Only requests with this method (any when absent). */
  method?: string;
  count: number;
  /** Status to answer with: 429 (with Retry-After), 500, 503, 504, or another error status. */
  status?: number;
  /** Retry-After seconds (429 defaults to 1; others send none unless set). */
  retryAfterSeconds?: number;
  /** Delay the request by this many ms before answering (normally, or with `status` when set). */
  hangMs?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  at: string;
}

export interface EmulatorStats {
  users: number;
  softDeletedUsers: number;
  groups: number;
  softDeletedGroups: number;
  assignments: number;
  changes: number;
  latestSeq: number;
  requests: number;
  activeFaults: number;
}

/** Bulk input for loading a prepared directory (the demo seed). */
export interface ImportInput {
  users: CreateUserInput[];
  /** Groups are created after the users and before the assignments (so groups can be assigned). */
  groups?: CreateGroupInput[];
  assignments?: AssignInput[];
}

/** Bulk input for adding groups to a directory whose users already exist (see loadDemoGroups). */
export interface GroupImportInput {
  groups: CreateGroupInput[];
  assignments?: AssignInput[];
}

/** The OData type of a group member: a user or a nested group. */
export type GroupMemberType = "user" | "group";

export interface GroupMemberRef {
  id: string;
  type: GroupMemberType;
}

/**
 * Input to create a group. `id` is a random GUID unless given. Without groupTypes it is a security group
 * (securityEnabled true, mailEnabled false); groupTypes ["Unified"] makes a Microsoft 365 group (soft-deletable).
 * `members` may name users and groups; groups created in the same import may reference each other (even in a cycle).
 */
export interface CreateGroupInput {
  id?: string;
  displayName: string;
  description?: string | null;
  mailEnabled?: boolean;
  securityEnabled?: boolean;
  groupTypes?: string[];
  mailNickname?: string;
  members?: (string | GroupMemberRef)[];
}

/** A partial group update (rename and the like); null clears a property. */
export type UpdateGroupInput = Partial<Pick<CreateGroupInput, "displayName" | "description" | "mailNickname">>;

/** A group as the emulator's admin API returns it. */
export interface EmulatorGroup {
  id: string;
  displayName: string;
  description: string | null;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  mailNickname: string;
  createdDateTime: string;
  deletedDateTime: string | null;
  /** Direct members in the order they were added. */
  members: GroupMemberRef[];
}

/** How deleteGroup removed a group: "changed" = soft delete (Microsoft 365), "deleted" = permanent (security). */
export type GroupRemovalKind = "changed" | "deleted";
