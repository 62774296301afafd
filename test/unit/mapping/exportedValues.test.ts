import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_USER_MAPPING } from "../../../shared/mapping/DEFAULT_USER_MAPPING";
import { exportedValues } from "../../../shared/mapping/exportedValues";
import { hashExported } from "../../../shared/mapping/hashExported";
import { mapUser } from "../../../shared/mapping/mapUser";
import { TARGET } from "../../../shared/mapping/scimTargets";
import { FULL_USER, FULL_USER_VALUES } from "./fixtures";

const mapped = mapUser(FULL_USER, DEFAULT_USER_MAPPING);

void describe("exportedValues", () => {
  void it("after a create keeps every flow", () => {
    assert.deepEqual(exportedValues(mapped, ["always", "createOnly"]), FULL_USER_VALUES);
  });
  void it("after an update keeps only 'always' targets, in mapping order", () => {
    const values = exportedValues(mapped, ["always"]);
    assert.ok(!(TARGET.displayName in values));
    assert.ok(!(TARGET.externalId in values));
    assert.deepEqual(
      Object.keys(values),
      DEFAULT_USER_MAPPING.attributes.filter((a) => a.flow === "always").map((a) => a.target),
    );
  });
  void it("keeps nulls (an empty source is part of what was exported)", () => {
    const sparse = mapUser({ id: "x", userPrincipalName: "a", mail: "a@b.c" }, DEFAULT_USER_MAPPING);
    assert.equal(exportedValues(sparse, ["always"])[TARGET.title], null);
  });
  void it("with no flows is empty", () => {
    assert.deepEqual(exportedValues(mapped, []), {});
  });
});

void describe("hashExported", () => {
  void it("is a sha256 hex digest, stable across calls", () => {
    const h = hashExported(FULL_USER_VALUES);
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.equal(hashExported({ ...FULL_USER_VALUES }), h);
  });
  void it("has a pinned value, so stored hashes stay comparable across versions", () => {
    // sha256 of the text [["a","1"],["b",null]]
    assert.equal(hashExported({ b: null, a: "1" }), "acb13d5d7aa5ac2fbae9bffa5727e05dd47bbf23f240fdff8a5b8027cccdda74");
  });
  const distinct: [string, Record<string, string | null>, Record<string, string | null>][] = [
    ["value change", { a: "1" }, { a: "2" }],
    ["null vs empty string", { a: null }, { a: "" }],
    ["null vs absent", { a: null }, {}],
    ["key vs value swap", { a: "b" }, { b: "a" }],
    ["separator ambiguity", { a: "b,c" }, { "a,b": "c" }],
    ["case", { a: "Zoë" }, { a: "zoë" }],
  ];
  for (const [name, x, y] of distinct) {
    void it(`differs: ${name}`, () => assert.notEqual(hashExported(x), hashExported(y)));
  }
});
