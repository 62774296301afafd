import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigurationError } from "../../../shared/errors";
import { readScimValue } from "../../../shared/mapping/readScimValue";
import { TARGET } from "../../../shared/mapping/scimTargets";
import type { ScimUser } from "../../../shared/slack/ScimUser";
import { SCIM_ENTERPRISE_SCHEMA } from "../../../shared/slack/ScimUser";
import { SLACK_RESPONSE } from "./fixtures";

void describe("readScimValue on a Slack response", () => {
  const cases: [target: string, want: string | null][] = [
    [TARGET.userName, "zoe.muller"],
    [TARGET.workEmail, "zoe.muller@CONTOSO.com"], // the primary one, although listed second and typeless
    [TARGET.externalId, null], // Slack returns ""
    [TARGET.displayName, "Zoë"],
    [TARGET.givenName, "Zoe"],
    [TARGET.familyName, "Müller-Ødegård"],
    [TARGET.honorificPrefix, null],
    [TARGET.title, null], // Slack's default ""
    [TARGET.preferredLanguage, null],
    [TARGET.locale, "en-US"],
    [TARGET.timezone, null],
    // inversion: the response's type:"mobile" entry is the slot our work phone (request type "work") writes…
    [TARGET.workPhone, "+49 30 123456"],
    // …and the primary:true entry is the slot our mobile phone (request type "mobile") writes
    [TARGET.mobilePhone, "+49 170 0000000"],
    [TARGET.streetAddress, "Unter den Linden 1"],
    [TARGET.locality, "Berlin"],
    [TARGET.region, null],
    [TARGET.postalCode, "10117"],
    [TARGET.country, "DE"],
    [TARGET.department, "Plattform & Infrastruktur"],
    [TARGET.employeeNumber, "E-1042"],
    [TARGET.organization, "Contoso"],
    [TARGET.costCenter, null],
    [TARGET.division, null],
  ];
  for (const [target, want] of cases) {
    void it(target, () => assert.equal(readScimValue(SLACK_RESPONSE, target), want));
  }
});

void describe("readScimValue edge shapes", () => {
  const u = (extra: Partial<ScimUser>): ScimUser => ({ userName: "x", ...extra });
  const cases: { name: string; user: ScimUser; target: string; want: string | null }[] = [
    { name: "no emails", user: u({}), target: TARGET.workEmail, want: null },
    { name: "empty emails", user: u({ emails: [] }), target: TARGET.workEmail, want: null },
    {
      name: "no primary → type work",
      user: u({
        emails: [
          { value: "h@x", type: "home" },
          { value: "w@x", type: "work" },
        ],
      }),
      target: TARGET.workEmail,
      want: "w@x",
    },
    {
      name: "no primary, no type → first",
      user: u({ emails: [{ value: "a@x" }, { value: "b@x" }] }),
      target: TARGET.workEmail,
      want: "a@x",
    },
    {
      name: "phones both null (Slack's unset form)",
      user: u({
        phoneNumbers: [
          { value: null, type: "mobile" },
          { value: null, primary: true },
        ],
      }),
      target: TARGET.mobilePhone,
      want: null,
    },
    {
      name: "phone entries in the other order",
      user: u({
        phoneNumbers: [
          { value: "P", primary: true },
          { value: "M", type: "mobile" },
        ],
      }),
      target: TARGET.workPhone,
      want: "M",
    },
    {
      name: "phone entries in the other order (mobile target)",
      user: u({
        phoneNumbers: [
          { value: "P", primary: true },
          { value: "M", type: "mobile" },
        ],
      }),
      target: TARGET.mobilePhone,
      want: "P",
    },
    { name: "sparse user without phones", user: u({}), target: TARGET.workPhone, want: null },
    { name: "sparse user without addresses", user: u({}), target: TARGET.locality, want: null },
    {
      name: "primary address preferred",
      user: u({ addresses: [{ locality: "A" }, { locality: "B", primary: true }] }),
      target: TARGET.locality,
      want: "B",
    },
    { name: "no enterprise extension", user: u({}), target: TARGET.department, want: null },
    {
      name: "enterprise extension null",
      user: u({ [SCIM_ENTERPRISE_SCHEMA]: null as never }),
      target: TARGET.department,
      want: null,
    },
    { name: "no name", user: u({}), target: TARGET.givenName, want: null },
    { name: "trims", user: u({ title: "  Boss " }), target: TARGET.title, want: "Boss" },
    { name: "number → its text", user: u({ title: 5 as unknown as string }), target: TARGET.title, want: "5" },
  ];
  for (const c of cases) {
    void it(c.name, () => assert.equal(readScimValue(c.user, c.target), c.want));
  }

  void it("rejects an unsupported target", () => {
    assert.throws(() => readScimValue(SLACK_RESPONSE, "nickName"), ConfigurationError);
  });
});
