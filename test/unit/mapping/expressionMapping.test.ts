import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import type { UserMapping } from "../../../shared/mapping/AttributeMapping";
import { buildCreateResource } from "../../../shared/mapping/buildCreateResource";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping/DEFAULT_USER_MAPPING";
import { diffMapped } from "../../../shared/mapping/diffMapped";
import { evaluateSource } from "../../../shared/mapping/evaluateSource";
import { mapUser } from "../../../shared/mapping/mapUser";
import { requiredSourceAttributes } from "../../../shared/mapping/requiredSourceAttributes";
import { TARGET } from "../../../shared/mapping/scimTargets";
import { FULL_USER } from "./fixtures";

const withExpressions: UserMapping = {
  attributes: [
    { target: TARGET.userName, source: { kind: "attribute", name: "userPrincipalName" }, flow: "always", matching: 1 },
    {
      target: TARGET.workEmail,
      source: { kind: "expression", expression: "Coalesce([mail], [userPrincipalName])" },
      flow: "always",
    },
    {
      target: TARGET.displayName,
      source: { kind: "expression", expression: 'Join(" ", NormalizeDiacritics([givenName]), [surname])' },
      flow: "always",
    },
    { target: TARGET.title, source: { kind: "expression", expression: "Item([businessPhones], 0)" }, flow: "always" },
    {
      target: TARGET.department,
      source: { kind: "expression", expression: "[department]" },
      flow: "always",
      defaultValue: "Unassigned",
    },
  ],
};

void describe("mapUser with expression sources", () => {
  const user: GraphUser = {
    id: "u1",
    userPrincipalName: "zoe@contoso.com",
    givenName: "Zoë",
    surname: "Lee",
    businessPhones: ["1"],
  };

  void it("evaluates expressions; a failed one is left out of values and reported in errors", () => {
    const mapped = mapUser(user, withExpressions);
    assert.deepEqual(mapped.values, {
      [TARGET.userName]: "zoe@contoso.com",
      [TARGET.workEmail]: "zoe@contoso.com",
      [TARGET.displayName]: "Zoe Lee",
      [TARGET.department]: null,
    });
    assert.deepEqual(Object.keys(mapped.errors ?? {}), [TARGET.title]);
    assert.match(mapped.errors?.[TARGET.title] ?? "", /numbered from 1/);
    assert.equal(mapped.flows[TARGET.title], "always");
    assert.deepEqual(mapped.defaults, { [TARGET.department]: "Unassigned" });
  });

  void it("a failed expression never clears the target in Slack (no change produced)", () => {
    const mapped = mapUser(user, withExpressions);
    const changes = diffMapped(mapped, { [TARGET.title]: "Engineer" }, "update");
    assert.ok(!changes.some((c) => c.target === TARGET.title));
  });

  void it("defaultValue flows on create only", () => {
    const mapped = mapUser(user, withExpressions);
    const body = buildCreateResource(mapped);
    assert.equal(body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]?.department, "Unassigned");
    assert.ok(!diffMapped(mapped, {}, "update").some((c) => c.newValue === "Unassigned"));
  });

  void it("the default mapping is unaffected (no errors, no defaults)", () => {
    const mapped = mapUser(FULL_USER, DEFAULT_USER_MAPPING);
    assert.equal(mapped.errors, undefined);
    assert.equal(mapped.defaults, undefined);
  });

  void it("passes the context (IsSoftDeleted) to expressions", () => {
    const m: UserMapping = {
      attributes: [
        {
          target: TARGET.title,
          source: { kind: "expression", expression: 'Switch([IsSoftDeleted], , "False", "Active", "True", "Gone")' },
          flow: "always",
        },
      ],
    };
    assert.equal(mapUser(user, m, { isSoftDeleted: true }).values[TARGET.title], "Gone");
  });

  void it("evaluateSource distinguishes value, empty and error", () => {
    assert.deepEqual(evaluateSource(user, { kind: "expression", expression: '  Append([surname], "  ")' }), {
      kind: "value",
      value: "Lee",
    });
    assert.deepEqual(evaluateSource(user, { kind: "expression", expression: "[jobTitle]" }), {
      kind: "null",
      emptyAttributes: ["jobTitle"],
    });
    assert.deepEqual(evaluateSource(user, { kind: "attribute", name: "jobTitle" }), {
      kind: "null",
      emptyAttributes: ["jobTitle"],
    });
    assert.equal(evaluateSource(user, { kind: "expression", expression: "Append(" }).kind, "error");
    assert.deepEqual(evaluateSource(user, { kind: "expression", expression: 'Split("a,b", ",")' }), {
      kind: "value",
      value: "a",
    });
  });
});

void describe("requiredSourceAttributes", () => {
  void it("lists direct attributes of the default mapping in order", () => {
    assert.deepEqual(requiredSourceAttributes(DEFAULT_USER_MAPPING), [
      "userPrincipalName",
      "mail",
      "displayName",
      "givenName",
      "surname",
      "jobTitle",
      "id",
      "mobilePhone",
      "businessPhones",
      "streetAddress",
      "city",
      "state",
      "postalCode",
      "country",
      "preferredLanguage",
      "department",
      "employeeId",
      "companyName",
      "manager",
    ]);
  });

  void it("adds expression attributes and scoping filter attributes, maps aliases, drops context pseudo-attributes", () => {
    const mapping: UserMapping = {
      attributes: [
        {
          target: TARGET.userName,
          source: { kind: "attribute", name: "userPrincipalName" },
          flow: "always",
          matching: 1,
        },
        {
          target: TARGET.workEmail,
          source: {
            kind: "expression",
            expression:
              'IIF([IsSoftDeleted]="True", [mail], Coalesce([Mail], [extensionAttribute3], [objectId], [mobile]))',
          },
          flow: "always",
        },
        { target: TARGET.title, source: { kind: "expression", expression: "Append(" }, flow: "always" },
        {
          target: TARGET.department,
          source: { kind: "expression", expression: "[extension_0123456789abcdef0123456789abcdef_dept]" },
          flow: "always",
        },
      ],
      scopingFilters: [
        {
          clauses: [
            { attribute: "department", operator: "EQUALS", value: "Sales" },
            { attribute: "extensionAttribute9", operator: "IS NOT NULL" },
          ],
        },
      ],
    };
    assert.deepEqual(requiredSourceAttributes(mapping), [
      "userPrincipalName",
      "mail",
      "onPremisesExtensionAttributes",
      "id",
      "mobilePhone",
      "extension_0123456789abcdef0123456789abcdef_dept",
      "department",
    ]);
  });
});
