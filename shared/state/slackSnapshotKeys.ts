import type { SlackUser } from "../slack/ScimUser";
import { safeKey } from "./keys";

/** What one snapshot row indexes: a user by its userName or by one of its emails (lower case). */
export type SnapshotIndex = "u" | "e";

/** Pure: the row-key prefix of every row indexing `value` (a `|` ends the value, so no value is another's prefix). */
export function snapshotPrefix(index: SnapshotIndex, value: string): string {
  return `${index}|${safeKey(value.trim().toLowerCase())}|`;
}

/** Pure: the index rows of one Slack user, one per distinct userName and email, each ending with its id. */
export function snapshotRowKeys(user: SlackUser): string[] {
  const keys = new Set<string>();
  if (user.userName) keys.add(snapshotPrefix("u", user.userName) + safeKey(user.id));
  for (const e of user.emails ?? []) {
    if (e.value) keys.add(snapshotPrefix("e", e.value) + safeKey(user.id));
  }
  return [...keys];
}
