import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigurationError } from "../../../shared/errors";
import type { UserMapping } from "../../../shared/mapping/AttributeMapping";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping/DEFAULT_USER_MAPPING";
import { SCIM_USER_TARGETS, TARGET } from "../../../shared/mapping/scimTargets";
import { userMappingProblems, validateUserMapping } from "../../../shared/mapping/validateUserMapping";

void describe("DEFAULT_USER_MAPPING", () => {
  void it("is valid", () => {
    assert.deepEqual(userMappingProblems(DEFAULT_USER_MAPPING), []);
  });

  void it("has the gallery defaults (target ← source, flow, matching)", () => {
    const summary = DEFAULT_USER_MAPPING.attributes.map((a) => {
      const s = a.source;
      const from =
        s.kind === "attribute"
          ? s.name
          : s.kind === "itemOf"
            ? `${s.name}[${s.index}]`
            : s.kind === "constant"
              ? `"${s.value}"`
              : s.expression;
      return `${a.target} ← ${from} ${a.flow}${a.matching === undefined ? "" : ` m${a.matching}`}`;
    });
    const e = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    assert.deepEqual(summary, [
      "userName ← userPrincipalName always m1",
      'emails[type eq "work"].value ← mail always m2',
      "displayName ← displayName createOnly",
      "name.givenName ← givenName always",
      "name.familyName ← surname always",
      "title ← jobTitle always",
      "externalId ← id createOnly",
      'phoneNumbers[type eq "mobile"].value ← mobilePhone always',
      'phoneNumbers[type eq "work"].value ← businessPhones[1] always',
      'addresses[type eq "work"].streetAddress ← streetAddress always',
      'addresses[type eq "work"].locality ← city always',
      'addresses[type eq "work"].region ← state always',
      'addresses[type eq "work"].postalCode ← postalCode always',
      'addresses[type eq "work"].country ← country always',
      "preferredLanguage ← preferredLanguage always",
      `${e}:department ← department always`,
      `${e}:employeeNumber ← employeeId always`,
      `${e}:organization ← companyName always`,
      `${e}:manager ← manager always`,
    ]);
  });

  void it("leaves out active and nickName (and nothing targets them)", () => {
    const targets = DEFAULT_USER_MAPPING.attributes.map((a) => a.target);
    assert.ok(!targets.includes("active"));
    assert.ok(!targets.includes("nickName"));
    assert.ok(!SCIM_USER_TARGETS.some((t) => t.path === "active" || t.path === "nickName"));
  });

  void it("is plain JSON data", () => {
    assert.deepEqual(JSON.parse(JSON.stringify(DEFAULT_USER_MAPPING)), DEFAULT_USER_MAPPING);
  });
});

void describe("validateUserMapping (table)", () => {
  const base = (): UserMapping => structuredClone(DEFAULT_USER_MAPPING);
  const cases: { name: string; edit: (m: UserMapping) => void; problem: RegExp }[] = [
    {
      name: "unsupported target",
      edit: (m) =>
        m.attributes.push({ target: "nickName", source: { kind: "attribute", name: "mailNickname" }, flow: "always" }),
      problem: /"nickName".*cannot write/,
    },
    {
      name: "duplicate target",
      edit: (m) =>
        m.attributes.push({ target: TARGET.title, source: { kind: "constant", value: "x" }, flow: "always" }),
      problem: /already maps/,
    },
    {
      name: "itemOf index 0",
      edit: (m) =>
        m.attributes.push({
          target: TARGET.costCenter,
          source: { kind: "itemOf", name: "x", index: 0 },
          flow: "always",
        }),
      problem: /numbered from 1/,
    },
    {
      name: "empty attribute name",
      edit: (m) =>
        m.attributes.push({ target: TARGET.costCenter, source: { kind: "attribute", name: " " }, flow: "always" }),
      problem: /empty source attribute name/,
    },
    {
      name: "unknown flow",
      edit: (m) =>
        m.attributes.push({
          target: TARGET.costCenter,
          source: { kind: "constant", value: "x" },
          flow: "sometimes" as "always",
        }),
      problem: /flow "sometimes"/,
    },
    {
      name: "unknown source kind",
      edit: (m) =>
        m.attributes.push({
          target: TARGET.costCenter,
          source: { kind: "script" } as unknown as { kind: "constant"; value: string },
          flow: "always",
        }),
      problem: /source kind.*"script"/,
    },
    {
      name: "expression source without its text",
      edit: (m) =>
        m.attributes.push({
          target: TARGET.costCenter,
          source: { kind: "expression" } as unknown as { kind: "expression"; expression: string },
          flow: "always",
        }),
      problem: /expression source without an expression/,
    },
    {
      name: "expression that does not parse (column and caret)",
      edit: (m) =>
        m.attributes.push({
          target: TARGET.costCenter,
          source: { kind: "expression", expression: 'Append([department] ".x")' },
          flow: "always",
        }),
      problem: /invalid expression\. Expression error at column 21: Expected "," or "\)"/,
    },
    {
      name: "matching on a non-filterable target",
      edit: (m) => {
        m.attributes[5] = { ...m.attributes[5]!, matching: 3 };
      },
      problem: /only find users by userName and email/,
    },
    {
      name: "same precedence twice",
      edit: (m) => {
        m.attributes[1] = { ...m.attributes[1]!, matching: 1 };
      },
      problem: /same matching precedence/,
    },
    {
      name: "precedence 0",
      edit: (m) => {
        m.attributes[0] = { ...m.attributes[0]!, matching: 0 };
      },
      problem: /matching precedence 0/,
    },
    {
      name: "no matching attribute",
      edit: (m) => {
        m.attributes = m.attributes.map(({ matching: _m, ...rest }) => rest);
      },
      problem: /No attribute is marked for matching/,
    },
    {
      name: "userName not mapped",
      edit: (m) => {
        m.attributes = m.attributes.filter((a) => a.target !== TARGET.userName);
      },
      problem: /requires "userName"/,
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const m = base();
      c.edit(m);
      const problems = userMappingProblems(m);
      assert.ok(
        problems.some((p) => c.problem.test(p)),
        problems.join("\n"),
      );
      assert.throws(() => validateUserMapping(m), ConfigurationError);
    });
  }
});
