/** SETTINGS_CATALOG on its own: names are unique, defaults are values the loader would accept, hints are there. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultText } from "../../../shared/config/defaultText";
import { readSetting } from "../../../shared/config/readSetting";
import { SETTINGS_CATALOG } from "../../../shared/config/settingsCatalog";

void test("every setting is declared once", () => {
  const names = SETTINGS_CATALOG.map((s) => s.name);
  assert.deepEqual(names, [...new Set(names)]);
});

void test("a default, written as text, reads back as itself (in bounds, a valid URL without a trailing slash)", () => {
  for (const s of SETTINGS_CATALOG.filter((x) => x.default !== undefined)) {
    assert.equal(readSetting({ [s.name]: defaultText(s) }, s), s.default, s.name);
  }
});

void test("whole numbers have bounds with min ≤ max", () => {
  for (const s of SETTINGS_CATALOG) if (s.kind === "wholeNumber") assert.ok(s.min <= s.max, s.name);
});

void test("a required setting has no default and a hint; a host-required one has a default for the code", () => {
  for (const s of SETTINGS_CATALOG) {
    if (s.required) {
      assert.equal(s.default, undefined, s.name);
      assert.ok(s.missingHint.length > 0, s.name);
    }
    if (s.hostRequires !== undefined) assert.ok(!s.required && s.default !== undefined, s.name);
    assert.ok(s.description.length > 0, s.name);
  }
});

void test("SYNC_SCHEDULE: the host needs it, the code defaults it to every 5 minutes", () => {
  const s = SETTINGS_CATALOG.find((x) => x.name === "SYNC_SCHEDULE");
  assert.ok(s);
  assert.equal(s.required, false);
  assert.equal(s.default, "0 */5 * * * *");
  assert.match(s.hostRequires ?? "", /%SYNC_SCHEDULE%/);
});
