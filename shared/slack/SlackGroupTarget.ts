import type { NewSlackGroup, SlackGroup } from "./SlackGroup";

/**
 * Group operations of the Slack SCIM v2 port, with the same pacing, per-resource serialization (Groups/{id}),
 * retry and error rules as SlackTarget. Member changes are PATCH add/remove with explicit value lists in batches of
 * at most 5,000; never a full replace (PUT or replace members) and never a `remove members` without a value (which
 * would empty the group).
 */
export interface SlackGroupTarget {
  /** GET /Groups/{id}; undefined on 404. */
  getGroup(id: string): Promise<SlackGroup | undefined>;
  /** GET /Groups?filter=displayName eq "…" (group names are not unique in Slack: several may match). */
  findGroupsByDisplayName(displayName: string): Promise<SlackGroup[]>;
  /** POST /Groups with the first batch of members, then PATCH add for the rest; resolves with the created group. */
  createGroup(group: NewSlackGroup): Promise<SlackGroup>;
  /** PATCH replace displayName; resolves once applied (200 with the resource or 204 No Content). */
  renameGroup(id: string, displayName: string): Promise<void>;
  /** PATCH add members (batches of ≤5,000). No request for an empty list. */
  addGroupMembers(id: string, userIds: readonly string[]): Promise<void>;
  /** PATCH remove members with a value list (batches of ≤5,000). No request for an empty list. */
  removeGroupMembers(id: string, userIds: readonly string[]): Promise<void>;
  /** DELETE /Groups/{id}; resolves true when deleted, false when Slack had no such group (404). */
  deleteGroup(id: string): Promise<boolean>;
  /** Counts every group in the org (pages through GET /Groups). */
  countGroups(): Promise<number>;
}
