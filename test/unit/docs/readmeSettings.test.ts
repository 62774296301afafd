/**
 * The README's settings table and local.settings.example.json against SETTINGS_CATALOG: the table lists exactly the
 * catalog's settings, each with the catalog's default and requirement, and the example sets what must be set.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { defaultText } from "../../../shared/config/defaultText";
import type { SettingDeclaration } from "../../../shared/config/SettingDeclaration";
import { SETTINGS_CATALOG } from "../../../shared/config/settingsCatalog";

const root = join(__dirname, "..", "..", "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const example = JSON.parse(readFileSync(join(root, "local.settings.example.json"), "utf8")) as {
  Values: Record<string, string>;
};

interface SettingsRow {
  names: string[];
  required: string;
  /** The default without its backticks; "" when the cell is empty. */
  default: string;
}

/** The rows of the table under "## Settings" (header and separator skipped). */
function readmeSettingsRows(): SettingsRow[] {
  const lines = readme.split("\n");
  const start = lines.indexOf("## Settings");
  assert.ok(start >= 0, "the README has a ## Settings section");
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  const table = lines.slice(start, end < 0 ? undefined : end).filter((l) => l.startsWith("|"));
  assert.ok(table.length > 2, "the Settings section has a table");
  assert.match(table[0] ?? "", /^\|\s*setting\s*\|\s*required\s*\|\s*default\s*\|\s*meaning\s*\|$/);
  return table.slice(2).map((line) => {
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
    assert.equal(cells.length, 4, `a settings row with four cells: ${line}`);
    const [names = "", required = "", def = ""] = cells;
    return {
      names: [...names.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ""),
      required,
      default: def.replace(/^`(.*)`$/, "$1"),
    };
  });
}

/** What the README's "required" cell says for a setting. */
function requiredCells(s: SettingDeclaration): string[] {
  if (s.required) return ["yes"];
  if (s.hostRequires !== undefined) return ["by the host"];
  // Storage: a connection string or the identity-based endpoints (loadSettings checks that one of them is set).
  return s.name.startsWith("AzureWebJobsStorage") ? ["one of the two"] : ["no"];
}

void describe("README settings table vs SETTINGS_CATALOG", () => {
  const rows = readmeSettingsRows();
  const rowOf = (name: string) => rows.find((r) => r.names.includes(name));

  void test("names every catalog setting, and only those", () => {
    const missing = SETTINGS_CATALOG.filter((s) => !rowOf(s.name)).map((s) => s.name);
    assert.deepEqual(missing, []);
    const catalog = new Set(SETTINGS_CATALOG.map((s) => s.name));
    const unknown = rows.flatMap((r) => r.names).filter((n) => !catalog.has(n));
    assert.deepEqual(unknown, []);
  });

  void test("gives each setting the catalog's default", () => {
    for (const s of SETTINGS_CATALOG) {
      assert.equal(rowOf(s.name)?.default, defaultText(s) ?? "", `${s.name}: the README's default`);
    }
  });

  void test("says whether each setting is required as the catalog does", () => {
    for (const s of SETTINGS_CATALOG) {
      assert.ok(requiredCells(s).includes(rowOf(s.name)?.required ?? ""), `${s.name}: the README's required cell`);
    }
  });
});

void test("local.settings.example.json sets every setting required by the loader or by the host", () => {
  const missing = SETTINGS_CATALOG.filter((s) => (s.required || s.hostRequires) && !(s.name in example.Values)).map(
    (s) => s.name,
  );
  assert.deepEqual(missing, []);
});
