import type { MappingFlow } from "./AttributeMapping";

/**
 * What Slack should hold for one user, as a flat, ordered (mapping order), JSON-serialisable record keyed by SCIM
 * target path. `null` means the source is empty.
 */
export interface MappedUser {
  values: Record<string, string | null>;
  flows: Record<string, MappingFlow>;
}
