import assert from "node:assert/strict";
import { test } from "node:test";
import { decideUserState } from "../../../shared/engine/decideUserState";
import type { UserPolicies } from "../../../shared/policies/UserPolicies";
import { DEFAULT_USER_POLICIES } from "../../../shared/policies/UserPolicies";
import type { UserScopeDecision } from "../../../shared/scope/UserScope";
import type { SourceUserRecord } from "../../../shared/state/SourceUserRepository";

const user = (over: Partial<SourceUserRecord> = {}): SourceUserRecord => ({
  objectId: "u1",
  snapshot: { id: "u1", userPrincipalName: "ada@contoso.example", accountEnabled: true },
  seq: "1",
  managed: false,
  ...over,
});
const inScope = { inScope: true, paths: ["assigned directly"] };
const outOfScope = { inScope: false, paths: [] };

const cases: {
  name: string;
  record: SourceUserRecord | undefined;
  scope: typeof inScope;
  kind: string;
  evidence?: RegExp;
}[] = [
  { name: "in scope and enabled → provision", record: user(), scope: inScope, kind: "provision" },
  {
    name: "no data → unknown (never deactivate without evidence)",
    record: undefined,
    scope: outOfScope,
    kind: "unknown",
  },
  {
    name: "record without snapshot → unknown",
    record: { objectId: "u1", seq: "", managed: true },
    scope: inScope,
    kind: "unknown",
  },
  {
    name: "soft delete → deprovision",
    record: user({ removed: "changed" }),
    scope: inScope,
    kind: "deprovision",
    evidence: /soft delete/,
  },
  {
    name: "hard delete → deprovision",
    record: user({ removed: "deleted" }),
    scope: inScope,
    kind: "deprovision",
    evidence: /permanently/,
  },
  {
    name: "accountEnabled=false → deprovision",
    record: user({ snapshot: { id: "u1", accountEnabled: false } }),
    scope: inScope,
    kind: "deprovision",
    evidence: /accountEnabled/,
  },
  {
    name: "unassigned → deprovision",
    record: user(),
    scope: outOfScope,
    kind: "deprovision",
    evidence: /no longer assigned/,
  },
  {
    name: "accountEnabled absent (not selected) is not evidence",
    record: user({ snapshot: { id: "u1" } }),
    scope: inScope,
    kind: "provision",
  },
];

for (const c of cases) {
  test(`decideUserState: ${c.name}`, () => {
    const d = decideUserState(c.record, c.scope);
    assert.equal(d.kind, c.kind);
    if (c.evidence) {
      assert.equal(d.kind, "deprovision");
      if (d.kind === "deprovision") assert.match(d.evidence, c.evidence);
    }
  });
}

const LEAVE_ALL: UserPolicies = { ...DEFAULT_USER_POLICIES, outOfScope: "leave", disabled: "leave" };
const guestUser = (over: Record<string, unknown> = {}): SourceUserRecord =>
  user({ snapshot: { id: "u1", userPrincipalName: "ada_fabrikam.example#EXT#@contoso.example", ...over } });

/** Each row: record, scope, policies → kind, and the cause and setting when it is a removal or a leave. */
const policyCases: {
  name: string;
  record: SourceUserRecord;
  scope: UserScopeDecision;
  policies: Partial<UserPolicies>;
  expect: { kind: string; cause?: string; setting?: string; evidence?: RegExp };
}[] = [
  {
    name: "unassigned, OUT_OF_SCOPE_ACTION=leave → leave",
    record: user(),
    scope: outOfScope,
    policies: { outOfScope: "leave" },
    expect: { kind: "leave", cause: "outOfScope", setting: "OUT_OF_SCOPE_ACTION", evidence: /no longer assigned/ },
  },
  {
    name: "excluded by a scoping filter, OUT_OF_SCOPE_ACTION=leave → leave, naming the clause",
    record: user(),
    scope: { inScope: false, paths: [], excludedBy: "the scoping filter clause department EQUALS Sales failed" },
    policies: { outOfScope: "leave" },
    expect: { kind: "leave", cause: "outOfScope", evidence: /department EQUALS Sales/ },
  },
  {
    name: "blocked, DISABLED_USER_ACTION=leave → leave",
    record: user({ snapshot: { id: "u1", accountEnabled: false } }),
    scope: inScope,
    policies: { disabled: "leave" },
    expect: { kind: "leave", cause: "disabled", setting: "DISABLED_USER_ACTION", evidence: /accountEnabled/ },
  },
  {
    name: "blocked, DISABLED_USER_ACTION=leave, OUT_OF_SCOPE_ACTION=leave → leave",
    record: user({ snapshot: { id: "u1", accountEnabled: false } }),
    scope: inScope,
    policies: LEAVE_ALL,
    expect: { kind: "leave", cause: "disabled" },
  },
  {
    name: "blocked and unassigned, DISABLED_USER_ACTION=leave but OUT_OF_SCOPE_ACTION=deactivate → deprovision",
    record: user({ snapshot: { id: "u1", accountEnabled: false } }),
    scope: outOfScope,
    policies: { disabled: "leave" },
    expect: { kind: "deprovision", cause: "outOfScope", evidence: /no longer assigned/ },
  },
  {
    name: "blocked, OUT_OF_SCOPE_ACTION=leave only → deprovision (the disabled policy decides)",
    record: user({ snapshot: { id: "u1", accountEnabled: false } }),
    scope: inScope,
    policies: { outOfScope: "leave" },
    expect: { kind: "deprovision", cause: "disabled" },
  },
  {
    name: "hard delete with both policies leave → deprovision (a deletion always deactivates)",
    record: user({ removed: "deleted" }),
    scope: outOfScope,
    policies: LEAVE_ALL,
    expect: { kind: "deprovision", cause: "deleted" },
  },
  {
    name: "soft delete with both policies leave → deprovision",
    record: user({ removed: "changed" }),
    scope: inScope,
    policies: LEAVE_ALL,
    expect: { kind: "deprovision", cause: "deleted" },
  },
  {
    name: "no data with both policies leave → unknown",
    record: { objectId: "u1", seq: "", managed: true },
    scope: outOfScope,
    policies: LEAVE_ALL,
    expect: { kind: "unknown" },
  },
  {
    name: "#EXT# guest, GUEST_POLICY=skip → deprovision as out of scope, naming the policy",
    record: guestUser(),
    scope: inScope,
    policies: { guests: "skip" },
    expect: { kind: "deprovision", cause: "outOfScope", evidence: /guest .*#EXT#.* GUEST_POLICY is skip/ },
  },
  {
    name: "userType Guest, GUEST_POLICY=skip, OUT_OF_SCOPE_ACTION=leave → leave",
    record: user({ snapshot: { id: "u1", userType: "Guest" } }),
    scope: inScope,
    policies: { guests: "skip", outOfScope: "leave" },
    expect: { kind: "leave", cause: "outOfScope", evidence: /userType is Guest/ },
  },
  {
    name: "userType Member without #EXT#, GUEST_POLICY=skip → provision",
    record: user({ snapshot: { id: "u1", userType: "Member", userPrincipalName: "ada@contoso.example" } }),
    scope: inScope,
    policies: { guests: "skip" },
    expect: { kind: "provision" },
  },
  {
    name: "guest, GUEST_POLICY=member → provision as a member",
    record: guestUser({ userType: "Guest" }),
    scope: inScope,
    policies: { guests: "member" },
    expect: { kind: "provision" },
  },
];

for (const c of policyCases) {
  test(`decideUserState with policies: ${c.name}`, () => {
    const d = decideUserState(c.record, c.scope, { ...DEFAULT_USER_POLICIES, ...c.policies });
    assert.equal(d.kind, c.expect.kind);
    if (d.kind === "leave" || d.kind === "deprovision") {
      if (c.expect.cause) assert.equal(d.cause, c.expect.cause);
      if (c.expect.evidence) assert.match(d.evidence, c.expect.evidence);
    }
    if (d.kind === "leave" && c.expect.setting) assert.equal(d.setting, c.expect.setting);
    if (d.kind === "provision") assert.equal(d.guest, undefined, "never a Slack guest outside GUEST_POLICY=guest");
  });
}

test("decideUserState, GUEST_POLICY=guest: guests carry the reason and the expiration attribute's value", () => {
  const policies: UserPolicies = {
    ...DEFAULT_USER_POLICIES,
    guests: "guest",
    guestExpirationAttribute: "extensionAttribute3",
  };
  const withExpiry = guestUser({
    userType: "Guest",
    onPremisesExtensionAttributes: { extensionAttribute3: " 2031-05-01 " },
  });
  assert.deepEqual(decideUserState(withExpiry, inScope, policies), {
    kind: "provision",
    guest: { reason: "userType is Guest", expiration: "2031-05-01" },
  });
  assert.deepEqual(decideUserState(guestUser(), inScope, policies), {
    kind: "provision",
    guest: { reason: "its userPrincipalName contains #EXT#", expiration: null },
  });
  assert.deepEqual(decideUserState(user(), inScope, policies), { kind: "provision" }, "a member stays a member");
  assert.equal(decideUserState(guestUser(), outOfScope, policies).kind, "deprovision", "scope still decides");
});
