import type { AttributeMapping } from "../mapping/AttributeMapping";
import type { ModifiedProperty } from "../state/ActivityRecord";
import { REDACTED } from "./redactScimBody";

/**
 * Pure: modified properties as the activity log keeps them: the old and new values of the targets the mapping marks
 * sensitive replaced by "[redacted]" (an empty value stays null, so "set" and "cleared" can still be told apart).
 */
export function redactModifiedProperties(
  properties: readonly ModifiedProperty[],
  attributes: readonly Pick<AttributeMapping, "target" | "sensitive">[],
): ModifiedProperty[] {
  const sensitive = new Set(attributes.filter((a) => a.sensitive === true).map((a) => a.target));
  if (sensitive.size === 0) return [...properties];
  return properties.map((p) =>
    sensitive.has(p.name)
      ? {
          name: p.name,
          oldValue: p.oldValue === null ? null : REDACTED,
          newValue: p.newValue === null ? null : REDACTED,
        }
      : p,
  );
}
