import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping/DEFAULT_USER_MAPPING";
import { diffMapped } from "../../../shared/mapping/diffMapped";
import { exportedValues } from "../../../shared/mapping/exportedValues";
import type { MappedUser } from "../../../shared/mapping/MappedUser";
import { mapUser } from "../../../shared/mapping/mapUser";
import { TARGET } from "../../../shared/mapping/scimTargets";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import { FULL_USER, SLACK_RESPONSE } from "./fixtures";

const desiredFull = mapUser(FULL_USER, DEFAULT_USER_MAPPING);
const exportedFull = exportedValues(desiredFull, ["always", "createOnly"]);

function withUser(edit: Partial<GraphUser>): MappedUser {
  return mapUser({ ...FULL_USER, ...edit }, DEFAULT_USER_MAPPING);
}

void describe("diffMapped update mode (table)", () => {
  const cases: {
    name: string;
    desired: MappedUser;
    last: Record<string, string | null> | undefined;
    want: { target: string; oldValue: string | null; newValue: string | null }[];
  }[] = [
    { name: "unchanged user → no changes", desired: desiredFull, last: exportedFull, want: [] },
    {
      name: "changed title",
      desired: withUser({ jobTitle: "Principal Engineer" }),
      last: exportedFull,
      want: [{ target: TARGET.title, oldValue: "Staff Engineer", newValue: "Principal Engineer" }],
    },
    {
      name: "cleared attributes become null",
      desired: withUser({ jobTitle: null, department: "", mobilePhone: "  " }),
      last: exportedFull,
      want: [
        { target: TARGET.title, oldValue: "Staff Engineer", newValue: null },
        { target: TARGET.mobilePhone, oldValue: "+49 170 1234567", newValue: null },
        { target: TARGET.department, oldValue: "Plattform & Infrastruktur", newValue: null },
      ],
    },
    {
      name: "createOnly targets (displayName, externalId) are skipped",
      desired: withUser({ displayName: "Zoë M.", id: "other-id" }),
      last: exportedFull,
      want: [],
    },
    {
      name: "userName and email compare case-insensitively",
      desired: withUser({ userPrincipalName: "ZOE.MULLER@contoso.com", mail: "zoe.muller@CONTOSO.COM" }),
      last: exportedFull,
      want: [],
    },
    {
      name: "other attributes compare case-sensitively",
      desired: withUser({ givenName: "zoë" }),
      last: exportedFull,
      want: [{ target: TARGET.givenName, oldValue: "Zoë", newValue: "zoë" }],
    },
    {
      name: "diacritics are a change",
      desired: withUser({ surname: "Muller-Odegard" }),
      last: exportedFull,
      want: [{ target: TARGET.familyName, oldValue: "Müller-Ødegård", newValue: "Muller-Odegard" }],
    },
    {
      name: "a target missing from lastExported counts as empty",
      desired: desiredFull,
      last: Object.fromEntries(Object.entries(exportedFull).filter(([k]) => k !== TARGET.country)),
      want: [{ target: TARGET.country, oldValue: null, newValue: "DE" }],
    },
    {
      name: "lastExported with an unmapped target: ignored",
      desired: desiredFull,
      last: { ...exportedFull, [TARGET.costCenter]: "4130" },
      want: [],
    },
  ];
  for (const c of cases) {
    void it(c.name, () => assert.deepEqual(diffMapped(c.desired, c.last, "update"), c.want));
  }

  void it("without lastExported, every non-null 'always' value is a change, in mapping order", () => {
    const changes = diffMapped(desiredFull, undefined, "update");
    const expected = DEFAULT_USER_MAPPING.attributes
      .filter((a) => a.flow === "always")
      .map((a) => ({ target: a.target, oldValue: null, newValue: desiredFull.values[a.target] ?? null }))
      .filter((c) => c.newValue !== null);
    assert.deepEqual(changes, expected);
  });
});

void describe("diffMapped adopt mode", () => {
  void it("compares with Slack's current values (typeless emails, inverted phones, single address, extension)", () => {
    assert.deepEqual(diffMapped(desiredFull, undefined, "adopt", SLACK_RESPONSE), [
      // userName is what Slack keeps for the UPN (its lower-cased local part), and the email differs only in case:
      // neither is a change, so adopting never sends a pointless rename.
      // displayName is createOnly and Slack has one: skipped. externalId is never updatable: skipped.
      { target: TARGET.givenName, oldValue: "Zoe", newValue: "Zoë" },
      { target: TARGET.title, oldValue: null, newValue: "Staff Engineer" },
      { target: TARGET.mobilePhone, oldValue: "+49 170 0000000", newValue: "+49 170 1234567" },
      // the work phone already matches (read from the response's type:"mobile" entry)
      { target: TARGET.region, oldValue: null, newValue: "BE" },
      { target: TARGET.preferredLanguage, oldValue: null, newValue: "de-DE" },
      { target: TARGET.organization, oldValue: "Contoso", newValue: "Contoso GmbH" },
    ]);
  });

  void it("includes a createOnly target when Slack's value is empty", () => {
    const slack = { ...SLACK_RESPONSE, displayName: "" };
    const changes = diffMapped(desiredFull, undefined, "adopt", slack);
    assert.deepEqual(
      changes.find((c) => c.target === TARGET.displayName),
      { target: TARGET.displayName, oldValue: null, newValue: "Zoë Müller-Ødegård" },
    );
    assert.equal(
      changes.find((c) => c.target === TARGET.externalId),
      undefined,
    );
  });

  void it("clears a Slack value whose source is empty", () => {
    const changes = diffMapped(withUser({ employeeId: null }), undefined, "adopt", SLACK_RESPONSE);
    assert.deepEqual(
      changes.find((c) => c.target === TARGET.employeeNumber),
      { target: TARGET.employeeNumber, oldValue: "E-1042", newValue: null },
    );
  });

  void it("ignores lastExported", () => {
    assert.deepEqual(
      diffMapped(desiredFull, { [TARGET.title]: "whatever" }, "adopt", SLACK_RESPONSE),
      diffMapped(desiredFull, undefined, "adopt", SLACK_RESPONSE),
    );
  });
});

void describe("diffMapped adopt mode: userName compares as Slack stores it", () => {
  void it("a different local part is a change; the same one in another form is not", () => {
    const desired = { values: { userName: "zoe.muller@contoso.com" }, flows: { userName: "always" as const } };
    const slack = (userName: string) => ({ userName, active: true, id: "U1" });
    assert.deepEqual(diffMapped(desired, undefined, "adopt", slack("zoe.muller")), []);
    assert.deepEqual(diffMapped(desired, undefined, "adopt", slack("zoe.mueller")), [
      { target: "userName", oldValue: "zoe.mueller", newValue: "zoe.muller@contoso.com" },
    ]);
  });
});
