import type { MappedUser } from "./MappedUser";
import { recordValue } from "./recordValue";
import { SCIM_USER_TARGETS } from "./scimTargets";

/** The targets Slack requires (userName, work email) that the mapped user has no value for, in canonical order. */
export function missingRequiredTargets(mapped: MappedUser): string[] {
  return SCIM_USER_TARGETS.filter((t) => t.required && (recordValue(mapped.values, t.path) ?? null) === null).map(
    (t) => t.path,
  );
}
