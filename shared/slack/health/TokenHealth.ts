import type { SlackTokenProblem } from "../../errors";
import type { ScimUser } from "../ScimUser";

/**
 * The verdict of one token check:
 * - healthy: Slack accepts the token and nothing says its owner may not use SCIM (`detail` says how far that was seen);
 * - unverified: no usable answer (an outage, a 429): nothing is concluded, provisioning goes on;
 * - unhealthy: Slack no longer accepts the token, or its owner is deactivated or no longer an Org Admin or Owner.
 */
export type TokenHealth =
  | { verdict: "healthy"; ownerId: string; role?: string; detail: string }
  | { verdict: "unverified"; ownerId?: string; detail: string }
  | { verdict: "unhealthy"; problem: SlackTokenProblem; ownerId?: string; detail: string };

/** The token owner's SCIM record as read for the check: found, absent (404), or not readable now. */
export type OwnerLookup =
  { kind: "found"; user: ScimUser } | { kind: "notFound" } | { kind: "unreadable"; reason: string };
