/** SCIM v2 core group schema URN. */
export const SCIM_GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** A Slack IdP group as SCIM v2 returns it (ids are S…; members are user ids, `display` is read-only). */
export interface SlackGroup {
  id: string;
  displayName: string;
  members?: { value: string; display?: string }[];
  meta?: { created?: string; location?: string };
  schemas?: string[];
}

/** Input to create a group; members are Slack user ids. */
export interface NewSlackGroup {
  displayName: string;
  members?: readonly string[];
}

/** Slack recommends member changes in batches of at most 5,000 per request (the hard limit is 15,000). */
export const GROUP_MEMBER_BATCH = 5000;

/** Member removals per PATCH: one `members[value eq "…"]` operation each. */
export const GROUP_MEMBER_REMOVE_BATCH = 1_000;

/** Splits ids into batches of at most `size`, dropping duplicates and keeping the first-seen order. */
export function memberBatches(ids: readonly string[], size: number = GROUP_MEMBER_BATCH): string[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError("batch size must be a positive integer");
  const unique = [...new Set(ids)];
  const out: string[][] = [];
  for (let i = 0; i < unique.length; i += size) out.push(unique.slice(i, i + size));
  return out;
}
