import { createHash } from "node:crypto";

/**
 * A stable fingerprint of exported values: sha256 (hex) of the entries sorted by target, so key order does not
 * matter, while any added, removed or changed entry changes the hash (an empty value and an absent target differ).
 * Used to tell whether a user changed in Entra since the last permanent failure.
 */
export function hashExported(values: Readonly<Record<string, string | null>>): string {
  const entries = Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256").update(JSON.stringify(entries), "utf8").digest("hex");
}
