import { recordValue } from "../mapping/recordValue";
import { TARGET } from "../mapping/scimTargets";
import { normaliseGuestExpiration } from "../policies/guestExpiration";
import type { SlackUserProblem } from "./SlackUserProblem";

/**
 * Pure: what Slack would refuse in the guest extension of mapped values (GUEST_POLICY=guest): a type other than
 * "multi" (Slack accepts only multi-channel guests), an expiration that is not an ISO 8601 date, or one already past
 * at `now` (Slack would deactivate the guest at once). Without `now` the past is not checked.
 */
export function guestProblems(values: Readonly<Record<string, string | null>>, now?: Date): SlackUserProblem[] {
  const type = recordValue(values, TARGET.guestType) ?? null;
  const expiration = recordValue(values, TARGET.guestExpiration) ?? null;
  const problems: SlackUserProblem[] = [];
  if (type !== null && type !== "multi") {
    problems.push({
      attribute: TARGET.guestType,
      rule: "invalid_guest_type",
      severity: "error",
      message: `Slack's guest type must be "multi" (multi-channel guest; single-channel guests cannot be created by SCIM); it is "${type.slice(0, 40)}". Do not map this target, or map the constant "multi".`,
    });
  }
  if (type === null || expiration === null) return problems;
  const normalised = normaliseGuestExpiration(expiration);
  if (normalised === undefined) {
    problems.push({
      attribute: TARGET.guestExpiration,
      rule: "invalid_guest_expiration",
      severity: "error",
      message: `The guest expiration "${expiration.slice(0, 40)}" (from GUEST_EXPIRATION_ATTRIBUTE) is not an ISO 8601 date such as 2026-12-31 or 2026-12-31T18:00:00Z. Correct the value in Entra ID, or clear it for a guest without expiration.`,
    });
  } else if (now !== undefined && Date.parse(normalised) <= now.getTime()) {
    problems.push({
      attribute: TARGET.guestExpiration,
      rule: "guest_expiration_past",
      severity: "error",
      message: `The guest expiration ${normalised} (from GUEST_EXPIRATION_ATTRIBUTE) is in the past: Slack would deactivate the guest at once. Set a future date in Entra ID, clear it, or block the user's sign-in instead.`,
    });
  }
  return problems;
}
