/**
 * The token check's decision, as a table: what auth.test and the owner's SCIM record say → healthy, unverified or
 * unhealthy (with which problem). Only positive evidence makes it unhealthy.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decideTokenHealth } from "../../../../shared/slack/health/decideTokenHealth";
import type { AuthTestAnswer } from "../../../../shared/slack/health/SlackAuthTest";
import type { OwnerLookup, TokenHealth } from "../../../../shared/slack/health/TokenHealth";
import type { ScimUser } from "../../../../shared/slack/ScimUser";

const OK: AuthTestAnswer = { kind: "ok", userId: "U0OWNER", user: "olga", teamId: "T1" };
const record = (extra: Partial<ScimUser>): OwnerLookup => ({
  kind: "found",
  user: { userName: "olga", active: true, ...extra },
});
const account = (value: string) => ({ roles: [{ value, type: "account" }] });

interface Row {
  name: string;
  auth: AuthTestAnswer;
  owner?: OwnerLookup;
  verdict: TokenHealth["verdict"];
  problem?: string;
  detail: RegExp;
}

const ROWS: Row[] = [
  { name: "an active Admin", auth: OK, owner: record(account("Admin")), verdict: "healthy", detail: /active Admin/ },
  { name: "an Owner", auth: OK, owner: record(account("Owner")), verdict: "healthy", detail: /active Owner/ },
  {
    name: "the Primary Owner",
    auth: OK,
    owner: record(account("Primary Owner")),
    verdict: "healthy",
    detail: /Primary Owner/,
  },
  { name: "Grid's Org Admin", auth: OK, owner: record(account("Org Admin")), verdict: "healthy", detail: /Org Admin/ },
  {
    name: "a demoted owner (Member)",
    auth: OK,
    owner: record(account("Member")),
    verdict: "unhealthy",
    problem: "SlackTokenOwnerNotAdmin",
    detail: /U0OWNER \(olga\), who is no longer an Org Admin or Owner in Slack \(account type: Member\).*Authorize/,
  },
  {
    name: "an owner made a guest",
    auth: OK,
    owner: record(account("Multi-Channel Guest")),
    verdict: "unhealthy",
    problem: "SlackTokenOwnerNotAdmin",
    detail: /account type: Multi-Channel Guest/,
  },
  {
    name: "a deactivated owner",
    auth: OK,
    owner: record({ active: false, ...account("Admin") }),
    verdict: "unhealthy",
    problem: "SlackTokenOwnerNotAdmin",
    detail: /deactivated in Slack/,
  },
  {
    name: "a record that names no account type (a custom Role only)",
    auth: OK,
    owner: record({ roles: [{ value: "Tech Lead", primary: true }] }),
    verdict: "healthy",
    detail: /names no account type, so a demotion cannot be seen/,
  },
  {
    name: "a custom Role of Member is no evidence (untyped)",
    auth: OK,
    owner: record({ roles: ["Member"] }),
    verdict: "healthy",
    detail: /names no account type/,
  },
  {
    name: "an untyped Admin value counts as admin",
    auth: OK,
    owner: record({ roles: [{ value: "admin" }] }),
    verdict: "healthy",
    detail: /active admin/,
  },
  {
    name: "an owner without a SCIM record",
    auth: OK,
    owner: { kind: "notFound" },
    verdict: "healthy",
    detail: /no SCIM record/,
  },
  {
    name: "an owner record that cannot be read now",
    auth: OK,
    owner: { kind: "unreadable", reason: "Slack answered HTTP 503" },
    verdict: "unverified",
    detail: /could not be read: Slack answered HTTP 503/,
  },
  ...["invalid_auth", "token_revoked", "token_expired", "not_authed", "ekm_access_denied"].map((error): Row => ({
    name: `auth.test refuses the token: ${error}`,
    auth: { kind: "refused", error },
    verdict: "unhealthy",
    problem: "SlackTokenRevoked",
    detail: new RegExp(`no longer accepts the token \\(auth.test answered "${error}": the token is invalid`),
  })),
  {
    name: "auth.test: account_inactive (the owner was deactivated)",
    auth: { kind: "refused", error: "account_inactive" },
    verdict: "unhealthy",
    problem: "SlackTokenRevoked",
    detail: /the user who owns the token has been deactivated/,
  },
  {
    name: "auth.test: ratelimited proves nothing",
    auth: { kind: "refused", error: "ratelimited" },
    verdict: "unverified",
    detail: /auth.test answered "ratelimited"/,
  },
  {
    name: "no answer from auth.test",
    auth: { kind: "noAnswer", reason: "https://slack.com/api/auth.test answered HTTP 503" },
    verdict: "unverified",
    detail: /could not be checked: .*HTTP 503/,
  },
];

void describe("decideTokenHealth", () => {
  for (const row of ROWS) {
    void it(row.name, () => {
      const h = decideTokenHealth(row.auth, row.owner);
      assert.equal(h.verdict, row.verdict);
      if (row.problem !== undefined) assert.equal(h.verdict === "unhealthy" ? h.problem : undefined, row.problem);
      assert.match(h.detail, row.detail);
    });
  }
});
