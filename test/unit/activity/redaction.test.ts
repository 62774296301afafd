import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { redactModifiedProperties } from "../../../shared/activity/redactModifiedProperties";
import { REDACTED, redactScimBody } from "../../../shared/activity/redactScimBody";
import { redactScimPath } from "../../../shared/activity/redactScimPath";
import { NO_SENSITIVE_SLOTS, sensitiveSlots } from "../../../shared/activity/SensitiveSlots";
import { TARGET } from "../../../shared/mapping/scimTargets";
import { SCIM_ENTERPRISE_SCHEMA } from "../../../shared/slack/ScimUser";

const sensitive = sensitiveSlots(
  [
    TARGET.workEmail,
    TARGET.mobilePhone,
    TARGET.givenName,
    TARGET.employeeNumber,
    TARGET.locality,
    TARGET.title,
    TARGET.manager,
  ].map((target) => ({ target, sensitive: true as const })),
);

const user = {
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", SCIM_ENTERPRISE_SCHEMA],
  id: "U1",
  userName: "ann",
  displayName: "Ann Lee",
  title: "Engineer",
  name: { givenName: "Ann", familyName: "Lee" },
  emails: [{ value: "ann@contoso.example", type: "work", primary: true }],
  phoneNumbers: [
    { value: "+41 79 000 00 00", type: "mobile" },
    { value: "+41 44 000 00 00", type: "work" },
  ],
  addresses: [{ type: "work", locality: "Zürich", country: "CH" }],
  [SCIM_ENTERPRISE_SCHEMA]: { employeeNumber: "E-17", department: "R&D", manager: { value: "U9", managerId: "U9" } },
  active: true,
};

const redactedUser = {
  ...user,
  title: REDACTED,
  name: { givenName: REDACTED, familyName: "Lee" },
  emails: [{ value: REDACTED, type: "work", primary: true }],
  phoneNumbers: [
    { value: REDACTED, type: "mobile" },
    { value: "+41 44 000 00 00", type: "work" },
  ],
  addresses: [{ type: "work", locality: REDACTED, country: "CH" }],
  [SCIM_ENTERPRISE_SCHEMA]: {
    employeeNumber: REDACTED,
    department: "R&D",
    manager: { value: REDACTED, managerId: REDACTED },
  },
};

void describe("redactScimBody", () => {
  const cases: { name: string; body: unknown; want: unknown; resource?: "Users" | "Groups" }[] = [
    { name: "a user resource (POST body, answer)", body: user, want: redactedUser },
    {
      name: "a ListResponse's resources",
      body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], totalResults: 1, Resources: [user] },
      want: {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        totalResults: 1,
        Resources: [redactedUser],
      },
    },
    {
      name: "PatchOp operations with paths as buildPatchOperations writes them",
      body: {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [
          { op: "replace", path: "title", value: "Lead" },
          { op: "replace", path: "name.givenName", value: "Anna" },
          { op: "replace", path: "name.familyName", value: "Li" },
          { op: "replace", path: "emails", value: [{ value: "anna@contoso.example", type: "work", primary: true }] },
          {
            op: "replace",
            path: "phoneNumbers",
            value: [
              { value: "+1", type: "mobile" },
              { value: "+2", type: "work" },
            ],
          },
          { op: "replace", path: `${SCIM_ENTERPRISE_SCHEMA}:employeeNumber`, value: "E-18" },
          { op: "replace", path: `${SCIM_ENTERPRISE_SCHEMA}:department`, value: "Ops" },
          { op: "replace", path: `${SCIM_ENTERPRISE_SCHEMA}:manager`, value: { managerId: "U2" } },
          { op: "replace", path: 'emails[type eq "work"].value', value: "x@contoso.example" },
          { op: "replace", path: "displayName", value: "Anna Li" },
          { op: "remove", path: "title" },
          { op: "replace", path: "active", value: false },
        ],
      },
      want: {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [
          { op: "replace", path: "title", value: REDACTED },
          { op: "replace", path: "name.givenName", value: REDACTED },
          { op: "replace", path: "name.familyName", value: "Li" },
          { op: "replace", path: "emails", value: [{ value: REDACTED, type: "work", primary: true }] },
          {
            op: "replace",
            path: "phoneNumbers",
            value: [
              { value: REDACTED, type: "mobile" },
              { value: "+2", type: "work" },
            ],
          },
          { op: "replace", path: `${SCIM_ENTERPRISE_SCHEMA}:employeeNumber`, value: REDACTED },
          { op: "replace", path: `${SCIM_ENTERPRISE_SCHEMA}:department`, value: "Ops" },
          { op: "replace", path: `${SCIM_ENTERPRISE_SCHEMA}:manager`, value: { managerId: REDACTED } },
          { op: "replace", path: 'emails[type eq "work"].value', value: REDACTED },
          { op: "replace", path: "displayName", value: "Anna Li" },
          { op: "remove", path: "title" },
          { op: "replace", path: "active", value: false },
        ],
      },
    },
    {
      name: "a PatchOp operation without a path (a partial resource)",
      body: { Operations: [{ op: "replace", value: { title: "Lead", name: { givenName: "A", familyName: "L" } } }] },
      want: {
        Operations: [{ op: "replace", value: { title: REDACTED, name: { givenName: REDACTED, familyName: "L" } } }],
      },
    },
    {
      name: "secrets: secret-named properties and token-like text, whatever the mapping",
      body: { password: "hunter2", note: "Bearer xoxp-123-abc", nested: { client_secret: "s", api_key: ["k"] } },
      want: { password: REDACTED, note: "Bearer [redacted]", nested: { client_secret: REDACTED, api_key: [REDACTED] } },
    },
    {
      name: "a group: its own attributes are kept, its members' display names redacted only if displayName is",
      resource: "Groups",
      body: { displayName: "Design", members: [{ value: "U1", display: "Ann Lee" }] },
      want: { displayName: "Design", members: [{ value: "U1", display: "Ann Lee" }] },
    },
  ];
  for (const c of cases) {
    void it(c.name, () => assert.deepEqual(redactScimBody(c.body, sensitive, c.resource), c.want));
  }

  void it("a group's members' display is redacted when users' displayName is sensitive", () => {
    const s = sensitiveSlots([{ target: TARGET.displayName, sensitive: true }]);
    const body = {
      displayName: "Design",
      members: [{ value: "U1", display: "Ann Lee" }],
      Operations: [{ op: "add", path: "members", value: [{ value: "U2", display: "Bo" }] }],
    };
    assert.deepEqual(redactScimBody(body, s, "Groups"), {
      displayName: "Design",
      members: [{ value: "U1", display: REDACTED }],
      Operations: [{ op: "add", path: "members", value: [{ value: "U2", display: REDACTED }] }],
    });
  });

  void it("without sensitive attributes keeps the body (secrets still go), and never changes its input", () => {
    const before = JSON.stringify(user);
    assert.deepEqual(redactScimBody(user, NO_SENSITIVE_SLOTS), user);
    redactScimBody(user, sensitive);
    assert.equal(JSON.stringify(user), before);
  });
});

void describe("redactScimPath", () => {
  const s = sensitiveSlots([
    { target: TARGET.workEmail, sensitive: true },
    { target: TARGET.userName, sensitive: false },
  ]);
  const cases: [string, string][] = [
    [
      "/Users?filter=emails%20eq%20%22ann%40contoso.example%22&count=100",
      "/Users?filter=emails%20eq%20%22%5Bredacted%5D%22&count=100",
    ],
    ["/Users?filter=userName%20eq%20%22ann%22&count=100", "/Users?filter=userName%20eq%20%22ann%22&count=100"],
    ["/Users/U123", "/Users/U123"],
    ["/Users?startIndex=1&count=1000", "/Users?startIndex=1&count=1000"],
    ["/Users?filter=%E0%A4%A", "/Users?filter=%5Bredacted%5D"],
  ];
  for (const [path, want] of cases) void it(path, () => assert.equal(redactScimPath(path, s), want));
});

void describe("redactModifiedProperties", () => {
  void it("redacts the values of sensitive targets, keeps an empty one empty", () => {
    assert.deepEqual(
      redactModifiedProperties(
        [
          { name: TARGET.mobilePhone, oldValue: null, newValue: "+41" },
          { name: TARGET.title, oldValue: "A", newValue: "B" },
        ],
        [
          { target: TARGET.mobilePhone, sensitive: true },
          { target: TARGET.title, sensitive: false },
        ],
      ),
      [
        { name: TARGET.mobilePhone, oldValue: null, newValue: REDACTED },
        { name: TARGET.title, oldValue: "A", newValue: "B" },
      ],
    );
  });
});
