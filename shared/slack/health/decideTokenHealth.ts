import type { AuthTestAnswer } from "./SlackAuthTest";
import type { OwnerLookup, TokenHealth } from "./TokenHealth";
import { readOwnerStanding } from "./readOwnerStanding";
import { isRevocation } from "./tokenRevocationCodes";

const RECONNECT =
  "Connect Slack again with Authorize (/api/slack/authorize) as an Org Admin or Owner, or store a new org-level admin " +
  "token (SLACK_TOKEN, or the SLACK-TOKEN secret in Key Vault), then start a cycle.";

/**
 * Pure: what auth.test and the token owner's SCIM record say about the Slack token. Only positive evidence makes it
 * unhealthy: auth.test refusing the token as gone (invalid, revoked, expired, owner deactivated), or the owner's record
 * saying the owner is deactivated or an account type other than Org Admin or Owner. No answer, another refusal
 * (`ratelimited`, …), an owner without a record or a record that names no account type conclude nothing that would
 * stop provisioning; the detail says what was and was not seen.
 */
export function decideTokenHealth(auth: AuthTestAnswer, owner: OwnerLookup | undefined): TokenHealth {
  if (auth.kind === "noAnswer") {
    return { verdict: "unverified", detail: `The Slack token could not be checked: ${auth.reason}.` };
  }
  if (auth.kind === "refused") {
    if (!isRevocation(auth.error)) {
      return {
        verdict: "unverified",
        detail: `The Slack token could not be checked: auth.test answered "${auth.error}".`,
      };
    }
    const why =
      auth.error === "account_inactive"
        ? "the user who owns the token has been deactivated in Slack"
        : "the token is invalid, revoked or expired";
    return {
      verdict: "unhealthy",
      problem: "SlackTokenRevoked",
      detail: `Slack no longer accepts the token (auth.test answered "${auth.error}": ${why}). ${RECONNECT}`,
    };
  }
  const ownerId = auth.userId;
  const who = `${ownerId}${auth.user ? ` (${auth.user})` : ""}`;
  if (owner === undefined || owner.kind === "unreadable") {
    return {
      verdict: "unverified",
      ownerId,
      detail:
        `Slack accepts the token (owner ${who}), but the owner's SCIM record could not be read` +
        `${owner ? `: ${owner.reason}` : ""}; the owner's role was not checked this time.`,
    };
  }
  if (owner.kind === "notFound") {
    return {
      verdict: "healthy",
      ownerId,
      detail: `Slack accepts the token (owner ${who}); the owner has no SCIM record, so its role cannot be checked.`,
    };
  }
  const standing = readOwnerStanding(owner.user);
  const name = owner.user.userName ? `${ownerId} (${owner.user.userName})` : who;
  if (standing.active === false) {
    return {
      verdict: "unhealthy",
      problem: "SlackTokenOwnerNotAdmin",
      ownerId,
      detail:
        `The Slack token belongs to ${name}, who is deactivated in Slack; Slack ends the tokens of deactivated ` +
        `users. Reactivate ${ownerId} as an Org Admin or Owner, or: ${RECONNECT}`,
    };
  }
  if (standing.standing === "notAdmin") {
    return {
      verdict: "unhealthy",
      problem: "SlackTokenOwnerNotAdmin",
      ownerId,
      detail:
        `The Slack token belongs to ${name}, who is no longer an Org Admin or Owner in Slack (account type: ` +
        `${standing.role ?? "unknown"}). A SCIM token must belong to an active Org Admin or Owner, and Slack ends it ` +
        `when its owner loses the role. Make ${ownerId} an Org Admin or Owner again, or: ${RECONNECT}`,
    };
  }
  if (standing.standing === "admin") {
    return {
      verdict: "healthy",
      ownerId,
      role: standing.role ?? "Admin",
      detail: `Slack accepts the token; its owner ${name} is an active ${standing.role ?? "admin"}.`,
    };
  }
  return {
    verdict: "healthy",
    ownerId,
    detail:
      `Slack accepts the token; its owner ${name} is active, but its SCIM record names no account type, so a ` +
      "demotion cannot be seen.",
  };
}
