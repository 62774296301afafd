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
}
