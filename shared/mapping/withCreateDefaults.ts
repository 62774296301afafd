import type { MappedUser } from "./MappedUser";
import { recordValue } from "./recordValue";

/**
 * The values to use when creating the Slack user: the mapped values with each null target that has a default
 * (`MappedUser.defaults`) filled in. Entra applies "default value if null" on create only; updates use the plain
 * values. Returns the same object when there are no defaults.
 */
export function withCreateDefaults(mapped: MappedUser): MappedUser {
  const defaults = mapped.defaults;
  if (defaults === undefined) return mapped;
  const values = Object.fromEntries(
    Object.entries(mapped.values).map(([target, value]) => [target, value ?? recordValue(defaults, target) ?? null]),
  );
  return { ...mapped, values };
}
