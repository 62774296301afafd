/** The guest policy's pure parts: detection, the expiration, the values, the SCIM bodies and the validation. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { buildCreateResource, buildPatchOperations, diffMapped, TARGET } from "../../../shared/mapping";
import type { MappedUser } from "../../../shared/mapping/MappedUser";
import { readScimValue } from "../../../shared/mapping/readScimValue";
import { normaliseGuestExpiration } from "../../../shared/policies/guestExpiration";
import { entraGuestReason } from "../../../shared/policies/entraGuestReason";
import { DEFAULT_USER_POLICIES } from "../../../shared/policies/UserPolicies";
import { withGuestTargets } from "../../../shared/policies/withGuestTargets";
import { SCIM_SLACK_GUEST_SCHEMA } from "../../../shared/slack/ScimUser";
import { guestProblems } from "../../../shared/validation/guestProblems";

const GUEST = SCIM_SLACK_GUEST_SCHEMA;
const base: MappedUser = {
  values: { [TARGET.userName]: "gus", [TARGET.workEmail]: "gus@fabrikam.example" },
  flows: { [TARGET.userName]: "always", [TARGET.workEmail]: "always" },
};
const guestPolicy = { ...DEFAULT_USER_POLICIES, guests: "guest" as const };

void describe("entraGuestReason", () => {
  const rows: [Parameters<typeof entraGuestReason>[0], string | undefined][] = [
    [{ userType: "Guest" }, "userType is Guest"],
    [{ userType: " guest " }, "userType is Guest"],
    [
      { userType: "Member", userPrincipalName: "a_f.example#EXT#@t.onmicrosoft.com" },
      "its userPrincipalName contains #EXT#",
    ],
    [{ userPrincipalName: "a_f.example#ext#@t.onmicrosoft.com" }, "its userPrincipalName contains #EXT#"],
    [{ userType: "Member", userPrincipalName: "ada@contoso.example" }, undefined],
    [{ userType: null, userPrincipalName: null }, undefined],
    [{}, undefined],
  ];
  for (const [user, want] of rows) {
    void it(JSON.stringify(user), () => assert.equal(entraGuestReason(user), want));
  }
});

void describe("normaliseGuestExpiration", () => {
  const rows: [string, string | undefined][] = [
    ["2031-05-01", "2031-05-01T23:59:59Z"],
    [" 2031-05-01T08:30:00Z ", "2031-05-01T08:30:00Z"],
    ["2031-05-01T08:30:00.1234567Z", "2031-05-01T08:30:00Z"],
    ["2031-05-01T10:30:00+02:00", "2031-05-01T08:30:00Z"],
    ["2031-05-01T10:30:00+0200", "2031-05-01T08:30:00Z"],
    ["2031-05-01T08:30", "2031-05-01T08:30:00Z"],
    ["2031-02-30", undefined],
    ["2031-13-01", undefined],
    ["01/05/2031", undefined],
    ["tomorrow", undefined],
    ["", undefined],
    [`2031-05-01${"0".repeat(100)}`, undefined],
  ];
  for (const [raw, want] of rows) {
    void it(JSON.stringify(raw.slice(0, 30)), () => assert.equal(normaliseGuestExpiration(raw), want));
  }
  void it("any instant written as ISO 8601 UTC comes back as the same second", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1970-01-01"), max: new Date("9999-12-31"), noInvalidDate: true }), (d) => {
        const got = normaliseGuestExpiration(d.toISOString());
        assert.equal(got, d.toISOString().replace(/\.\d{3}Z$/, "Z"));
      }),
    );
  });
  void it("never throws, whatever the text, and answers only in Slack's form", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const got = normaliseGuestExpiration(s);
        assert.ok(got === undefined || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(got));
      }),
    );
  });
});

void describe("withGuestTargets", () => {
  void it("member and skip leave the mapping's values untouched", () => {
    for (const guests of ["member", "skip"] as const) {
      const desired = { kind: "provision" as const, guest: { reason: "userType is Guest", expiration: null } };
      assert.equal(withGuestTargets(base, desired, { ...DEFAULT_USER_POLICIES, guests }), base);
    }
  });
  void it("guest: a guest gets type multi and its normalised expiration, a member null for both", () => {
    const g = withGuestTargets(
      base,
      { kind: "provision", guest: { reason: "r", expiration: "2031-05-01" } },
      guestPolicy,
    );
    assert.equal(g.values[TARGET.guestType], "multi");
    assert.equal(g.values[TARGET.guestExpiration], "2031-05-01T23:59:59Z");
    assert.equal(g.flows[TARGET.guestType], "always");
    const m = withGuestTargets(base, { kind: "provision" }, guestPolicy);
    assert.equal(m.values[TARGET.guestType], null);
    assert.equal(m.values[TARGET.guestExpiration], null);
    const bad = withGuestTargets(base, { kind: "provision", guest: { reason: "r", expiration: "soon" } }, guestPolicy);
    assert.equal(bad.values[TARGET.guestExpiration], "soon", "kept for validation to name");
  });
});

void describe("guest extension in SCIM bodies", () => {
  const guest = (expiration: string | null): MappedUser =>
    withGuestTargets(base, { kind: "provision", guest: { reason: "r", expiration } }, guestPolicy);
  const member = withGuestTargets(base, { kind: "provision" }, guestPolicy);

  void it("create: a guest is created with the extension and its URN; a member without", () => {
    const body = buildCreateResource(guest("2031-05-01"));
    assert.deepEqual(body[GUEST], { type: "multi", expiration: "2031-05-01T23:59:59Z" });
    assert.ok(body.schemas?.includes(GUEST));
    const noExpiry = buildCreateResource(guest(null));
    assert.deepEqual(noExpiry[GUEST], { type: "multi" });
    const m = buildCreateResource(member);
    assert.equal(m[GUEST], undefined);
    assert.deepEqual(m.schemas, ["urn:ietf:params:scim:schemas:core:2.0:User"]);
  });

  /** Each row: what was exported, what is desired → the guest operations (Slack's documented forms). */
  const rows: { name: string; from: MappedUser; to: MappedUser; ops: unknown[] }[] = [
    {
      name: "member → guest",
      from: member,
      to: guest(null),
      ops: [{ op: "add", path: GUEST, value: { type: "multi" } }],
    },
    {
      name: "member → guest with expiration",
      from: member,
      to: guest("2031-05-01"),
      ops: [{ op: "add", path: GUEST, value: { type: "multi", expiration: "2031-05-01T23:59:59Z" } }],
    },
    { name: "guest → member", from: guest("2031-05-01"), to: member, ops: [{ op: "remove", path: GUEST }] },
    {
      name: "guest: expiration set",
      from: guest(null),
      to: guest("2031-05-01"),
      ops: [{ op: "add", path: GUEST, value: { type: "multi", expiration: "2031-05-01T23:59:59Z" } }],
    },
    {
      name: "guest: expiration cleared",
      from: guest("2031-05-01"),
      to: guest(null),
      ops: [{ op: "remove", path: `${GUEST}.expiration` }],
    },
    { name: "guest unchanged", from: guest("2031-05-01"), to: guest("2031-05-01"), ops: [] },
    { name: "member unchanged", from: member, to: member, ops: [] },
  ];
  for (const row of rows) {
    void it(`update: ${row.name}`, () => {
      const changes = diffMapped(row.to, row.from.values, "update");
      assert.deepEqual(buildPatchOperations(changes, row.to), row.ops);
    });
  }

  void it("adopt: Slack's guest extension is read back, so an existing guest matched as a member is converted", () => {
    const slackGuest = { userName: "gus", [GUEST]: { type: "multi", expiration: "2031-05-01T23:59:59Z" } };
    assert.equal(readScimValue(slackGuest, TARGET.guestType), "multi");
    assert.equal(readScimValue({ userName: "gus" }, TARGET.guestType), null);
    const changes = diffMapped(member, undefined, "adopt", {
      ...slackGuest,
      emails: [{ value: "gus@fabrikam.example", primary: true }],
    });
    assert.deepEqual(buildPatchOperations(changes, member), [{ op: "remove", path: GUEST }]);
  });
});

void describe("guestProblems", () => {
  const now = new Date("2030-01-01T00:00:00Z");
  const values = (type: string | null, expiration: string | null) => ({
    [TARGET.guestType]: type,
    [TARGET.guestExpiration]: expiration,
  });
  const rows: [string, Record<string, string | null>, string[]][] = [
    ["a guest without expiration", values("multi", null), []],
    ["a guest expiring in the future", values("multi", "2031-05-01T23:59:59Z"), []],
    ["a guest expiring in the past", values("multi", "2029-12-31T23:59:59Z"), ["guest_expiration_past"]],
    ["a guest expiring now", values("multi", "2030-01-01T00:00:00Z"), ["guest_expiration_past"]],
    ["a malformed expiration", values("multi", "next week"), ["invalid_guest_expiration"]],
    ["a single-channel type", values("single", null), ["invalid_guest_type"]],
    ["a member (an expiration alone is not sent)", values(null, "2000-01-01"), []],
    ["no guest targets at all", {}, []],
  ];
  for (const [name, v, rules] of rows) {
    void it(name, () => {
      const problems = guestProblems(v, now);
      assert.deepEqual(
        problems.map((p) => p.rule),
        rules,
      );
      for (const p of problems) assert.match(p.message, /\. [A-Z].*\.$/, "says what to do");
    });
  }
  void it("without now, a past date is not checked (the dry run of a candidate)", () => {
    assert.deepEqual(guestProblems(values("multi", "2000-01-01"), undefined), []);
  });
});
