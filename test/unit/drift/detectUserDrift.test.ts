/** detectUserDrift as a table: which differences between Slack and the last export are findings, and which are not. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { DriftFinding } from "../../../shared/drift/detectUserDrift";
import { detectUserDrift } from "../../../shared/drift/detectUserDrift";
import { DEFAULT_USER_MAPPING, TARGET } from "../../../shared/mapping";
import type { ScimUser } from "../../../shared/slack/ScimUser";
import { SCIM_ENTERPRISE_SCHEMA } from "../../../shared/slack/ScimUser";
import type { IdentityLink } from "../../../shared/state/IdentityLink";

const EXPORTED: Record<string, string | null> = {
  [TARGET.userName]: "ann.archer@contoso.example",
  [TARGET.workEmail]: "Ann.Archer@contoso.example",
  [TARGET.displayName]: "Ann Archer",
  [TARGET.givenName]: "Ann",
  [TARGET.familyName]: "Archer",
  [TARGET.title]: "Engineer",
  [TARGET.mobilePhone]: "+1 555 0100",
  [TARGET.department]: "R&D",
  [TARGET.manager]: "U0MANAGER",
};
const LINK: IdentityLink = { objectId: "oid-ann", slackId: "U1", slackActive: true, exported: EXPORTED };

/** Ann as Slack answers her when nothing drifted. */
function slack(extra: Partial<ScimUser> = {}): ScimUser & { id: string } {
  return {
    id: "U1",
    userName: "ann.archer",
    displayName: "Ann Archer",
    name: { givenName: "Ann", familyName: "Archer", honorificPrefix: null },
    title: "Engineer",
    active: true,
    emails: [{ value: "ann.archer@contoso.example", primary: true }],
    phoneNumbers: [
      { value: null, type: "mobile" },
      { value: "+1 555 0100", primary: true },
    ],
    [SCIM_ENTERPRISE_SCHEMA]: { department: "R&D", manager: { managerId: "U0MANAGER" } },
    ...extra,
  };
}

const rows: { name: string; link?: IdentityLink; user: ScimUser & { id: string }; want: DriftFinding[] }[] = [
  { name: "nothing drifted (userName as Slack stores it, email in another case)", user: slack(), want: [] },
  {
    name: "a title edited",
    user: slack({ title: "Chief" }),
    want: [{ target: TARGET.title, exported: "Engineer", slack: "Chief" }],
  },
  {
    name: "a title cleared",
    user: slack({ title: "" }),
    want: [{ target: TARGET.title, exported: "Engineer", slack: null }],
  },
  {
    name: "a family name edited",
    user: slack({ name: { givenName: "Ann", familyName: "Smith" } }),
    want: [{ target: TARGET.familyName, exported: "Archer", slack: "Smith" }],
  },
  { name: "displayName is createOnly: left alone", user: slack({ displayName: "Annie" }), want: [] },
  {
    name: "a department and the manager edited",
    user: slack({ [SCIM_ENTERPRISE_SCHEMA]: { department: "Sales", manager: { managerId: "U0OTHER" } } }),
    want: [
      { target: TARGET.department, exported: "R&D", slack: "Sales" },
      { target: TARGET.manager, exported: "U0MANAGER", slack: "U0OTHER" },
    ],
  },
  {
    name: "an attribute Slack's answer leaves out is not evidence (phones, the extension)",
    user: (() => {
      const u = slack();
      delete u.phoneNumbers;
      delete u[SCIM_ENTERPRISE_SCHEMA];
      return u;
    })(),
    want: [],
  },
  {
    name: "an attribute never exported is not compared",
    link: { ...LINK, exported: { [TARGET.title]: "Engineer" } },
    user: slack({ name: { givenName: "X", familyName: "Y" } }),
    want: [],
  },
  {
    name: "reactivated in Slack after the engine deactivated it",
    link: { ...LINK, slackActive: false },
    user: slack({ active: true }),
    want: [{ target: "active", exported: "false", slack: "true" }],
  },
  {
    name: "deactivated in Slack",
    user: slack({ active: false }),
    want: [{ target: "active", exported: "true", slack: "false" }],
  },
  {
    name: "a user linked to another Slack id is not managed here",
    link: { ...LINK, slackId: "U2" },
    user: slack({ title: "X" }),
    want: [],
  },
  { name: "no link: unmanaged", link: { objectId: "oid-x" }, user: slack({ title: "X" }), want: [] },
  {
    name: "left as it is out of scope (OUT_OF_SCOPE_ACTION=leave): an edit is not drift",
    link: { ...LINK, leftAlone: "outOfScope" },
    user: slack({ title: "Edited", active: false }),
    want: [],
  },
  {
    name: "left as it is while blocked (DISABLED_USER_ACTION=leave): an edit is not drift",
    link: { ...LINK, leftAlone: "disabled" },
    user: slack({ title: "Edited" }),
    want: [],
  },
];

void describe("detectUserDrift (default mapping)", () => {
  for (const row of rows) {
    void it(row.name, () => {
      assert.deepEqual(detectUserDrift(row.link ?? LINK, row.user, DEFAULT_USER_MAPPING), row.want);
    });
  }
});
