import assert from "node:assert/strict";
import { test } from "node:test";
import { planUser } from "../../../shared/engine/planUser";
import type { DesiredUserState } from "../../../shared/engine/decideUserState";
import { DEFAULT_USER_MAPPING, exportedValues, hashExported, mapUser } from "../../../shared/mapping";
import type { IdentityLink } from "../../../shared/state/IdentityLink";

const source = {
  id: "u1",
  userPrincipalName: "ada.park@contoso.example",
  mail: "ada.park@contoso.example",
  displayName: "Ada Park",
  givenName: "Ada",
  surname: "Park",
  jobTitle: "Engineer",
  accountEnabled: true,
};
const mapped = mapUser(source, DEFAULT_USER_MAPPING);
const hash = hashExported(exportedValues(mapped, ["always", "createOnly"]));
const provision: DesiredUserState = { kind: "provision" };
const linked: IdentityLink = {
  objectId: "u1",
  slackId: "U1",
  matchedBy: "created",
  slackActive: true,
  exported: exportedValues(mapped, ["always", "createOnly"]),
  exportedHash: hash,
};

test("planUser: unlinked in-scope user → matchOrCreate", () => {
  assert.deepEqual(planUser({ desired: provision, link: undefined, mapped, desiredHash: hash }), {
    kind: "matchOrCreate",
  });
  assert.equal(
    planUser({ desired: provision, link: { objectId: "u1" }, mapped, desiredHash: hash }).kind,
    "matchOrCreate",
  );
});

test("planUser: linked and unchanged → inSync (no Slack call)", () => {
  assert.equal(planUser({ desired: provision, link: linked, mapped, desiredHash: hash }).kind, "inSync");
});

test("planUser: a changed attribute → update with exactly that change", () => {
  const changed = mapUser({ ...source, jobTitle: "Staff Engineer" }, DEFAULT_USER_MAPPING);
  const plan = planUser({ desired: provision, link: linked, mapped: changed, desiredHash: "other" });
  assert.equal(plan.kind, "update");
  if (plan.kind === "update") {
    assert.deepEqual(plan.changes, [{ target: "title", oldValue: "Engineer", newValue: "Staff Engineer" }]);
    assert.equal(plan.reactivate, false);
  }
});

test("planUser: createOnly displayName change is not an update", () => {
  const renamed = mapUser({ ...source, displayName: "Ada P." }, DEFAULT_USER_MAPPING);
  assert.equal(planUser({ desired: provision, link: linked, mapped: renamed, desiredHash: "x" }).kind, "inSync");
});

test("planUser: linked but deactivated in Slack → update with reactivate", () => {
  const plan = planUser({ desired: provision, link: { ...linked, slackActive: false }, mapped, desiredHash: hash });
  assert.equal(plan.kind, "update");
  if (plan.kind === "update") assert.equal(plan.reactivate, true);
});

test("planUser: same payload failed permanently before → hold; changed payload → retried", () => {
  const failure = { code: "long_username", message: "x", desiredHash: hash, at: "t", attempts: 1 };
  assert.equal(
    planUser({ desired: provision, link: { objectId: "u1", failure }, mapped, desiredHash: hash }).kind,
    "hold",
  );
  assert.equal(
    planUser({ desired: provision, link: { objectId: "u1", failure }, mapped, desiredHash: "different" }).kind,
    "matchOrCreate",
  );
});

const deprovision: DesiredUserState = { kind: "deprovision", evidence: "soft deleted", cause: "deleted" };
test("planUser: deprovision of an active linked user → disable", () => {
  assert.deepEqual(planUser({ desired: deprovision, link: linked }), { kind: "disable", evidence: "soft deleted" });
});
test("planUser: deprovision of an already inactive user → inSync", () => {
  assert.equal(planUser({ desired: deprovision, link: { ...linked, slackActive: false } }).kind, "inSync");
});
test("planUser: deprovision of a never-provisioned user → skip (nothing to deactivate)", () => {
  assert.equal(planUser({ desired: deprovision, link: undefined }).kind, "skip");
  assert.equal(planUser({ desired: deprovision, link: { objectId: "u1" } }).kind, "skip");
});
test("planUser: unknown state never disables, even when linked", () => {
  assert.equal(planUser({ desired: { kind: "unknown", reason: "no data" }, link: linked }).kind, "skip");
});

const leave: DesiredUserState = {
  kind: "leave",
  evidence: "the user is no longer assigned to the Slack application",
  cause: "outOfScope",
  setting: "OUT_OF_SCOPE_ACTION",
};
test("planUser: leave (OUT_OF_SCOPE_ACTION=leave) of a linked user → leave, never disable, whatever its state", () => {
  for (const link of [linked, { ...linked, slackActive: false }]) {
    const plan = planUser({ desired: leave, link });
    assert.equal(plan.kind, "leave");
    if (plan.kind === "leave") {
      assert.equal(plan.cause, "outOfScope");
      assert.match(
        plan.reason,
        /^Left as it is in Slack: the user is no longer assigned .*, and OUT_OF_SCOPE_ACTION is leave\.$/,
      );
    }
  }
});
test("planUser: leave of a never-provisioned user → skip (nothing created), with the setting in the reason", () => {
  const plan = planUser({ desired: { ...leave, cause: "disabled", setting: "DISABLED_USER_ACTION" }, link: undefined });
  assert.equal(plan.kind, "skip");
  if (plan.kind === "skip") assert.match(plan.reason, /not created: .*DISABLED_USER_ACTION is leave/);
});
