import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { GraphUser } from "../../../shared/graph/GraphUser";
import type { AttributeMapping, UserMapping } from "../../../shared/mapping/AttributeMapping";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping/DEFAULT_USER_MAPPING";
import { mapUser } from "../../../shared/mapping/mapUser";
import { FULL_USER, FULL_USER_VALUES, SPARSE_USER } from "./fixtures";

function single(source: AttributeMapping["source"]): UserMapping {
  return { attributes: [{ target: "title", source, flow: "always" }] };
}

void describe("mapUser with the default mapping", () => {
  void it("maps a full realistic user to every default target, in mapping order, diacritics preserved", () => {
    const mapped = mapUser(FULL_USER, DEFAULT_USER_MAPPING);
    assert.deepEqual(mapped.values, FULL_USER_VALUES);
    assert.deepEqual(
      Object.keys(mapped.values),
      DEFAULT_USER_MAPPING.attributes.map((a) => a.target),
    );
    assert.equal(mapped.flows["displayName"], "createOnly");
    assert.equal(mapped.flows["externalId"], "createOnly");
    assert.equal(mapped.flows["userName"], "always");
    assert.equal(mapped.flows["title"], "always");
  });

  void it("maps a sparse user: absent, null and empty-list sources become null", () => {
    const mapped = mapUser(SPARSE_USER, DEFAULT_USER_MAPPING);
    const nonNull = Object.fromEntries(Object.entries(mapped.values).filter(([, v]) => v !== null));
    assert.deepEqual(nonNull, {
      userName: "sam@contoso.com",
      'emails[type eq "work"].value': "sam@contoso.com",
      externalId: "00000000-0000-0000-0000-000000000001",
    });
    assert.equal(Object.keys(mapped.values).length, DEFAULT_USER_MAPPING.attributes.length);
  });

  void it("is serialisable: a JSON round trip gives the same value", () => {
    const mapped = mapUser(FULL_USER, DEFAULT_USER_MAPPING);
    assert.deepEqual(JSON.parse(JSON.stringify(mapped)), mapped);
  });

  void it("does not modify the user or the mapping", () => {
    const user = structuredClone(FULL_USER);
    const mapping = structuredClone(DEFAULT_USER_MAPPING);
    mapUser(user, mapping);
    assert.deepEqual(user, FULL_USER);
    assert.deepEqual(mapping, DEFAULT_USER_MAPPING);
  });
});

void describe("mapUser sources (table)", () => {
  const cases: { name: string; user: Partial<GraphUser>; source: AttributeMapping["source"]; want: string | null }[] = [
    {
      name: "attribute",
      user: { jobTitle: "Engineer" },
      source: { kind: "attribute", name: "jobTitle" },
      want: "Engineer",
    },
    {
      name: "trims",
      user: { jobTitle: "  Engineer \t" },
      source: { kind: "attribute", name: "jobTitle" },
      want: "Engineer",
    },
    { name: "empty → null", user: { jobTitle: "" }, source: { kind: "attribute", name: "jobTitle" }, want: null },
    { name: "spaces → null", user: { jobTitle: "   " }, source: { kind: "attribute", name: "jobTitle" }, want: null },
    { name: "cleared (null)", user: { jobTitle: null }, source: { kind: "attribute", name: "jobTitle" }, want: null },
    { name: "absent", user: {}, source: { kind: "attribute", name: "jobTitle" }, want: null },
    {
      name: "inner spaces kept",
      user: { jobTitle: " A  B " },
      source: { kind: "attribute", name: "jobTitle" },
      want: "A  B",
    },
    {
      name: "NFD kept as NFD",
      user: { jobTitle: "Zoe\u0308" },
      source: { kind: "attribute", name: "jobTitle" },
      want: "Zoe\u0308",
    },
    {
      name: "CJK and emoji kept",
      user: { jobTitle: "技术 🚀" },
      source: { kind: "attribute", name: "jobTitle" },
      want: "技术 🚀",
    },
    { name: "case kept", user: { jobTitle: "ÉCOLE" }, source: { kind: "attribute", name: "jobTitle" }, want: "ÉCOLE" },
    { name: "number", user: { ext_level: 7 }, source: { kind: "attribute", name: "ext_level" }, want: "7" },
    { name: "boolean", user: { ext_flag: true }, source: { kind: "attribute", name: "ext_flag" }, want: "True" },
    { name: "object → null", user: { ext_obj: { a: 1 } }, source: { kind: "attribute", name: "ext_obj" }, want: null },
    {
      name: "multi-valued directly → first item",
      user: { businessPhones: ["1", "2"] },
      source: { kind: "attribute", name: "businessPhones" },
      want: "1",
    },
    {
      name: "inherited property is not read",
      user: {},
      source: { kind: "attribute", name: "constructor" },
      want: null,
    },
    { name: "__proto__ is not read", user: {}, source: { kind: "attribute", name: "__proto__" }, want: null },
    { name: "constant", user: {}, source: { kind: "constant", value: "Employee" }, want: "Employee" },
    { name: "blank constant → null", user: {}, source: { kind: "constant", value: " " }, want: null },
    {
      name: "itemOf 1",
      user: { businessPhones: [" 111 ", "222"] },
      source: { kind: "itemOf", name: "businessPhones", index: 1 },
      want: "111",
    },
    {
      name: "itemOf 2",
      user: { businessPhones: ["111", "222"] },
      source: { kind: "itemOf", name: "businessPhones", index: 2 },
      want: "222",
    },
    {
      name: "itemOf past the end",
      user: { businessPhones: ["111"] },
      source: { kind: "itemOf", name: "businessPhones", index: 2 },
      want: null,
    },
    {
      name: "itemOf empty list",
      user: { businessPhones: [] },
      source: { kind: "itemOf", name: "businessPhones", index: 1 },
      want: null,
    },
    {
      name: "itemOf index 0",
      user: { businessPhones: ["111"] },
      source: { kind: "itemOf", name: "businessPhones", index: 0 },
      want: null,
    },
    {
      name: "itemOf non-list",
      user: { businessPhones: null },
      source: { kind: "itemOf", name: "businessPhones", index: 1 },
      want: null,
    },
    {
      name: "itemOf of a string",
      user: { jobTitle: "abc" },
      source: { kind: "itemOf", name: "jobTitle", index: 1 },
      want: null,
    },
  ];
  for (const c of cases) {
    void it(c.name, () => {
      const mapped = mapUser({ id: "x", ...c.user }, single(c.source));
      assert.deepEqual(mapped.values, { title: c.want });
    });
  }

  void it("keeps the first of two mappings of the same target", () => {
    const mapped = mapUser(
      { id: "x", jobTitle: "first", department: "second" },
      {
        attributes: [
          { target: "title", source: { kind: "attribute", name: "jobTitle" }, flow: "always" },
          { target: "title", source: { kind: "attribute", name: "department" }, flow: "createOnly" },
        ],
      },
    );
    assert.deepEqual(mapped, { values: { title: "first" }, flows: { title: "always" } });
  });

  void it("keeps an odd target such as __proto__ as plain data", () => {
    const mapped = mapUser(
      { id: "x" },
      { attributes: [{ target: "__proto__", source: { kind: "constant", value: "v" }, flow: "always" }] },
    );
    assert.equal(Object.getPrototypeOf(mapped.values), Object.prototype);
    assert.deepEqual(Object.keys(mapped.values), ["__proto__"]);
  });
});
