import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AttributeChange } from "../../../shared/mapping/AttributeChange";
import { buildPatchOperations } from "../../../shared/mapping/buildPatchOperations";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping/DEFAULT_USER_MAPPING";
import { diffMapped } from "../../../shared/mapping/diffMapped";
import type { MappedUser } from "../../../shared/mapping/MappedUser";
import { mapUser } from "../../../shared/mapping/mapUser";
import { TARGET } from "../../../shared/mapping/scimTargets";
import type { PatchOperation } from "../../../shared/slack/ScimUser";
import { SCIM_ENTERPRISE_SCHEMA } from "../../../shared/slack/ScimUser";
import { FULL_USER, SLACK_RESPONSE } from "./fixtures";

const desiredFull = mapUser(FULL_USER, DEFAULT_USER_MAPPING);

function desiredWith(values: Record<string, string | null>): MappedUser {
  return { values: { ...desiredFull.values, ...values }, flows: desiredFull.flows };
}
const ch = (target: string, oldValue: string | null, newValue: string | null): AttributeChange => ({
  target,
  oldValue,
  newValue,
});

const FULL_PHONES: PatchOperation = {
  op: "replace",
  path: "phoneNumbers",
  value: [
    { value: "+49 170 1234567", type: "mobile" },
    { value: "+49 30 123456", type: "work" },
  ],
};
const FULL_ADDRESS = {
  streetAddress: "Unter den Linden 1",
  locality: "Berlin",
  region: "BE",
  postalCode: "10117",
  country: "DE",
  type: "work",
  primary: true,
};

void describe("buildPatchOperations (table)", () => {
  const cases: { name: string; changes: AttributeChange[]; desired?: MappedUser; want: PatchOperation[] }[] = [
    { name: "no changes", changes: [], want: [] },
    {
      name: "simple replace",
      changes: [ch(TARGET.title, "a", "b")],
      want: [{ op: "replace", path: "title", value: "b" }],
    },
    { name: "simple remove", changes: [ch(TARGET.title, "a", null)], want: [{ op: "remove", path: "title" }] },
    {
      name: "userName replace",
      changes: [ch(TARGET.userName, "a", "b")],
      want: [{ op: "replace", path: "userName", value: "b" }],
    },
    { name: "userName never removed", changes: [ch(TARGET.userName, "a", null)], want: [] },
    { name: "work email never removed", changes: [ch(TARGET.workEmail, "a@x", null)], want: [] },
    {
      name: "work email → replace emails with one primary work email",
      changes: [ch(TARGET.workEmail, "a@x", "b@x")],
      want: [{ op: "replace", path: "emails", value: [{ value: "b@x", type: "work", primary: true }] }],
    },
    {
      name: "givenName",
      changes: [ch(TARGET.givenName, "a", "Zoë")],
      want: [{ op: "replace", path: "name.givenName", value: "Zoë" }],
    },
    {
      name: "familyName removed",
      changes: [ch(TARGET.familyName, "a", null)],
      want: [{ op: "remove", path: "name.familyName" }],
    },
    {
      name: "one phone change → full list",
      changes: [ch(TARGET.workPhone, "x", "+49 30 123456")],
      want: [FULL_PHONES],
    },
    {
      name: "both phones changed → one operation",
      changes: [ch(TARGET.mobilePhone, null, "+49 170 1234567"), ch(TARGET.workPhone, "x", "+49 30 123456")],
      want: [FULL_PHONES],
    },
    {
      name: "mobile cleared → list keeps the work phone",
      changes: [ch(TARGET.mobilePhone, "m", null)],
      desired: desiredWith({ [TARGET.mobilePhone]: null }),
      want: [{ op: "replace", path: "phoneNumbers", value: [{ value: "+49 30 123456", type: "work" }] }],
    },
    {
      name: "both phones cleared → remove phoneNumbers",
      changes: [ch(TARGET.mobilePhone, "m", null), ch(TARGET.workPhone, "w", null)],
      desired: desiredWith({ [TARGET.mobilePhone]: null, [TARGET.workPhone]: null }),
      want: [{ op: "remove", path: "phoneNumbers" }],
    },
    {
      name: "one address field → the full address",
      changes: [ch(TARGET.locality, "Bonn", "Berlin")],
      want: [{ op: "replace", path: "addresses", value: [FULL_ADDRESS] }],
    },
    {
      name: "address fields changed together → one operation; cleared fields left out",
      changes: [ch(TARGET.region, "NW", null), ch(TARGET.locality, "Bonn", "Berlin")],
      desired: desiredWith({ [TARGET.region]: null }),
      want: [
        {
          op: "replace",
          path: "addresses",
          value: [
            {
              streetAddress: "Unter den Linden 1",
              locality: "Berlin",
              postalCode: "10117",
              country: "DE",
              type: "work",
              primary: true,
            },
          ],
        },
      ],
    },
    {
      name: "every address field cleared → remove addresses",
      changes: [ch(TARGET.country, "DE", null)],
      desired: desiredWith({
        [TARGET.streetAddress]: null,
        [TARGET.locality]: null,
        [TARGET.region]: null,
        [TARGET.postalCode]: null,
        [TARGET.country]: null,
      }),
      want: [{ op: "remove", path: "addresses" }],
    },
    {
      name: "enterprise replace and remove",
      changes: [ch(TARGET.department, "a", "b"), ch(TARGET.employeeNumber, "1", null)],
      want: [
        { op: "replace", path: `${SCIM_ENTERPRISE_SCHEMA}:department`, value: "b" },
        { op: "remove", path: `${SCIM_ENTERPRISE_SCHEMA}:employeeNumber` },
      ],
    },
    { name: "externalId is never patched", changes: [ch(TARGET.externalId, null, "id")], want: [] },
  ];
  for (const c of cases) {
    void it(c.name, () => assert.deepEqual(buildPatchOperations(c.changes, c.desired ?? desiredFull), c.want));
  }

  void it("emits a canonical order whatever the order of the changes", () => {
    const changes = [
      ch(TARGET.department, "a", "b"),
      ch(TARGET.locality, "Bonn", "Berlin"),
      ch(TARGET.workPhone, "x", "+49 30 123456"),
      ch(TARGET.title, "a", "b"),
      ch(TARGET.workEmail, "a@x", "b@x"),
      ch(TARGET.givenName, "a", "b"),
      ch(TARGET.userName, "a", "b"),
      ch(TARGET.mobilePhone, "x", "+49 170 1234567"),
    ];
    const paths = (ops: PatchOperation[]): (string | undefined)[] => ops.map((o) => o.path);
    const want = [
      "userName",
      "emails",
      "name.givenName",
      "title",
      "phoneNumbers",
      "addresses",
      `${SCIM_ENTERPRISE_SCHEMA}:department`,
    ];
    assert.deepEqual(paths(buildPatchOperations(changes, desiredFull)), want);
    assert.deepEqual(paths(buildPatchOperations([...changes].reverse(), desiredFull)), want);
  });

  void it("patches an adopted Slack user with the grouped forms", () => {
    const ops = buildPatchOperations(diffMapped(desiredFull, undefined, "adopt", SLACK_RESPONSE), desiredFull);
    assert.deepEqual(ops, [
      { op: "replace", path: "name.givenName", value: "Zoë" },
      { op: "replace", path: "title", value: "Staff Engineer" },
      { op: "replace", path: "preferredLanguage", value: "de-DE" },
      FULL_PHONES,
      { op: "replace", path: "addresses", value: [FULL_ADDRESS] },
      { op: "replace", path: `${SCIM_ENTERPRISE_SCHEMA}:organization`, value: "Contoso GmbH" },
    ]);
  });
});
