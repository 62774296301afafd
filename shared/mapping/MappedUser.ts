import type { MappingFlow } from "./AttributeMapping";

/**
 * What Slack should hold for one user, as a flat, ordered (mapping order), JSON-serialisable record keyed by SCIM
 * target path. `null` means the source is empty.
 */
export interface MappedUser {
  values: Record<string, string | null>;
  flows: Record<string, MappingFlow>;
  /**
   * Targets whose expression failed to evaluate, with the reason. Such a target is deliberately absent from `values`
   * (so it is neither sent nor cleared) and present in `flows`. Absent when nothing failed.
   */
  errors?: Record<string, string>;
  /** Default values (mapping `defaultValue`) for targets whose value is null; applied on create only. */
  defaults?: Record<string, string>;
  /**
   * SelectUniqueValue targets and their candidates in order (`values` holds the first). Chosen on create only, by
   * asking Slack which one is free; absent when no mapping uses SelectUniqueValue.
   */
  unique?: Record<string, readonly string[]>;
  /** Targets whose expression used Redact(): activity records and logs show "[Redact]" instead of their values. */
  redacted?: readonly string[];
}
