import type { UserMapping } from "../mapping/AttributeMapping";
import { findTarget } from "../mapping/describeTarget";
import { readScimValue } from "../mapping/readScimValue";
import { recordValue } from "../mapping/recordValue";
import { sameTargetValue } from "../mapping/sameTargetValue";
import { scimValuePresent } from "../mapping/scimValuePresent";
import type { ScimUser } from "../slack/ScimUser";
import type { IdentityLink } from "../state/IdentityLink";

/**
 * One difference between a managed Slack user and what the engine last exported to it: an attribute (target path), or
 * `active` (the user was reactivated or deactivated in Slack). `exported` is the value the engine last wrote (the Entra
 * value of the last export), `slack` the value Slack holds now.
 */
export interface DriftFinding {
  target: string;
  exported: string | null;
  slack: string | null;
}

/** The attribute name of an activation finding. */
export const ACTIVE = "active";

/**
 * Pure: how a managed Slack user differs from what was last exported to it.
 *
 * - Attributes: every target the mapping in force sends with flow `always` (createOnly ones such as displayName are
 *   the user's to edit), that Slack accepts changes to, that was exported (the link has a value for it), and that
 *   Slack's answer shows (an attribute left out of the answer is not evidence: scimValuePresent). Compared as the
 *   engine compares its own changes (sameTargetValue: userName as Slack stores it, the email case-insensitively).
 * - Activation: Slack says active while the link says the engine deactivated it (reactivated by hand), or the
 *   reverse. Only when Slack's answer says.
 *
 * A user the engine does not manage (no link, or a link to another Slack id) has no findings, and neither has one it
 * leaves as it is (the link's `leftAlone`: out of scope or blocked with the policy leave), so it is never "repaired".
 */
export function detectUserDrift(
  link: IdentityLink | undefined,
  slackUser: ScimUser & { id: string },
  mapping: UserMapping,
): DriftFinding[] {
  if (link?.slackId === undefined || link.slackId !== slackUser.id) return [];
  // Left as it is on purpose (OUT_OF_SCOPE_ACTION / DISABLED_USER_ACTION = leave): Entra no longer speaks for it.
  if (link.leftAlone !== undefined) return [];
  const findings: DriftFinding[] = [];
  const exported = link.exported ?? {};
  const seen = new Set<string>();
  for (const m of mapping.attributes) {
    if (m.flow !== "always" || seen.has(m.target)) continue;
    seen.add(m.target);
    const info = findTarget(m.target);
    if (info === undefined || !info.updatable) continue;
    const expected = recordValue(exported, m.target);
    if (expected === undefined || !scimValuePresent(slackUser, m.target)) continue;
    const actual = readScimValue(slackUser, m.target);
    if (!sameTargetValue(m.target, expected, actual))
      findings.push({ target: m.target, exported: expected, slack: actual });
  }
  if (
    typeof slackUser.active === "boolean" &&
    link.slackActive !== undefined &&
    slackUser.active !== link.slackActive
  ) {
    findings.push({ target: ACTIVE, exported: String(link.slackActive), slack: String(slackUser.active) });
  }
  return findings;
}
