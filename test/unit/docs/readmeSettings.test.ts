import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { SETTINGS_CATALOG } from "../../../shared/config/settingsCatalog";

const root = join(__dirname, "..", "..", "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const example = JSON.parse(readFileSync(join(root, "local.settings.example.json"), "utf8")) as {
  Values: Record<string, string>;
};

void test("the README's settings table names every setting the code reads", () => {
  const rows = readme.split("\n").filter((l) => l.startsWith("| `"));
  const missing = SETTINGS_CATALOG.filter((s) => !rows.some((r) => r.includes(`\`${s.name}\``))).map((s) => s.name);
  assert.deepEqual(missing, []);
});

void test("local.settings.example.json sets every required setting", () => {
  const missing = SETTINGS_CATALOG.filter((s) => s.required && !(s.name in example.Values)).map((s) => s.name);
  assert.deepEqual(missing, []);
});

void test("the README's defaults match the catalog", () => {
  for (const s of SETTINGS_CATALOG.filter((x) => x.default !== undefined)) {
    const cell = new RegExp(`\\|\\s*\`${(s.default ?? "").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\`\\s*\\|`);
    assert.match(readme, cell, `${s.name}: default ${s.default} not in the README`);
  }
});
