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
  assignments: number;
  changes: number;
  latestSeq: number;
  requests: number;
  activeFaults: number;
}

/** Bulk input for loading a prepared directory (the demo seed). */
export interface ImportInput {
  users: CreateUserInput[];
  assignments?: AssignInput[];
}
