import type { MappedUser } from "./MappedUser";

/** What Entra's Redact() puts in provisioning logs instead of a value. */
export const REDACTED = "[Redact]";

/**
 * A target's value as activity records and logs may show it: "[Redact]" when the target's expression used Redact()
 * (and the value is not empty), the value itself otherwise. Slack still receives the real value.
 */
export function redactedValue<T extends string | null>(
  mapped: MappedUser,
  target: string,
  value: T,
): T | typeof REDACTED {
  return value !== null && mapped.redacted?.includes(target) === true ? REDACTED : value;
}
