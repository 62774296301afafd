import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigurationError } from "../../../shared/errors";
import { buildCreateResource } from "../../../shared/mapping/buildCreateResource";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping/DEFAULT_USER_MAPPING";
import type { MappedUser } from "../../../shared/mapping/MappedUser";
import { mapUser } from "../../../shared/mapping/mapUser";
import { missingRequiredTargets } from "../../../shared/mapping/missingRequiredTargets";
import { RequiredAttributeMissingError } from "../../../shared/mapping/RequiredAttributeMissingError";
import { SCIM_ENTERPRISE_SCHEMA, SCIM_USER_SCHEMA } from "../../../shared/slack/ScimUser";
import { FULL_USER, SPARSE_USER } from "./fixtures";

function mapped(values: Record<string, string | null>): MappedUser {
  return { values, flows: Object.fromEntries(Object.keys(values).map((k) => [k, "always" as const])) };
}

void describe("buildCreateResource", () => {
  void it("builds the full POST body for a realistic user", () => {
    assert.deepEqual(buildCreateResource(mapUser(FULL_USER, DEFAULT_USER_MAPPING)), {
      schemas: [SCIM_USER_SCHEMA, SCIM_ENTERPRISE_SCHEMA],
      userName: "zoe.muller@contoso.com",
      displayName: "Zoë Müller-Ødegård",
      title: "Staff Engineer",
      externalId: "5c8e6a1f-2b3d-4c5e-8f90-1a2b3c4d5e6f",
      preferredLanguage: "de-DE",
      active: true,
      name: { givenName: "Zoë", familyName: "Müller-Ødegård" },
      emails: [{ value: "Zoe.Muller@contoso.com", type: "work", primary: true }],
      phoneNumbers: [
        { value: "+49 170 1234567", type: "mobile" },
        { value: "+49 30 123456", type: "work" },
      ],
      addresses: [
        {
          streetAddress: "Unter den Linden 1",
          locality: "Berlin",
          region: "BE",
          postalCode: "10117",
          country: "DE",
          type: "work",
          primary: true,
        },
      ],
      [SCIM_ENTERPRISE_SCHEMA]: {
        department: "Plattform & Infrastruktur",
        employeeNumber: "E-1042",
        organization: "Contoso GmbH",
      },
    });
  });

  void it("omits every null value for a sparse user (no enterprise schema, no name, phones or address)", () => {
    assert.deepEqual(buildCreateResource(mapUser(SPARSE_USER, DEFAULT_USER_MAPPING)), {
      schemas: [SCIM_USER_SCHEMA],
      userName: "sam@contoso.com",
      externalId: "00000000-0000-0000-0000-000000000001",
      active: true,
      emails: [{ value: "sam@contoso.com", type: "work", primary: true }],
    });
  });

  const partials: { name: string; values: Record<string, string | null>; want: Record<string, unknown> }[] = [
    {
      name: "only the work phone",
      values: { 'phoneNumbers[type eq "mobile"].value': null, 'phoneNumbers[type eq "work"].value': "123" },
      want: { phoneNumbers: [{ value: "123", type: "work" }] },
    },
    {
      name: "only the city",
      values: { 'addresses[type eq "work"].streetAddress': null, 'addresses[type eq "work"].locality': "Oslo" },
      want: { addresses: [{ locality: "Oslo", type: "work", primary: true }] },
    },
    {
      name: "only the family name",
      values: { "name.givenName": null, "name.familyName": "Ng" },
      want: { name: { familyName: "Ng" } },
    },
    {
      name: "one enterprise attribute",
      values: { [`${SCIM_ENTERPRISE_SCHEMA}:costCenter`]: "4130" },
      want: { schemas: [SCIM_USER_SCHEMA, SCIM_ENTERPRISE_SCHEMA], [SCIM_ENTERPRISE_SCHEMA]: { costCenter: "4130" } },
    },
  ];
  for (const c of partials) {
    void it(c.name, () => {
      const body = buildCreateResource(
        mapped({ userName: "u", 'emails[type eq "work"].value': "u@x.test", ...c.values }),
      );
      assert.deepEqual(body, {
        schemas: [SCIM_USER_SCHEMA],
        userName: "u",
        active: true,
        emails: [{ value: "u@x.test", type: "work", primary: true }],
        ...c.want,
      });
    });
  }

  const missing: { name: string; values: Record<string, string | null>; targets: string[] }[] = [
    { name: "no userName", values: { userName: null, 'emails[type eq "work"].value': "a@b.c" }, targets: ["userName"] },
    {
      name: "no email",
      values: { userName: "a", 'emails[type eq "work"].value': null },
      targets: ['emails[type eq "work"].value'],
    },
    { name: "email not mapped", values: { userName: "a" }, targets: ['emails[type eq "work"].value'] },
    { name: "neither", values: {}, targets: ["userName", 'emails[type eq "work"].value'] },
  ];
  for (const c of missing) {
    void it(`refuses to build without required values: ${c.name}`, () => {
      assert.deepEqual(missingRequiredTargets(mapped(c.values)), c.targets);
      assert.throws(
        () => buildCreateResource(mapped(c.values)),
        (e: unknown) =>
          e instanceof RequiredAttributeMissingError &&
          e.code === "RequiredAttributeMissing" &&
          !e.retryable &&
          e.targets.join() === c.targets.join(),
      );
    });
  }

  void it("rejects an unsupported target with a ConfigurationError", () => {
    assert.throws(
      () => buildCreateResource(mapped({ userName: "a", 'emails[type eq "work"].value': "a@b.c", nickName: "a" })),
      ConfigurationError,
    );
  });
});
