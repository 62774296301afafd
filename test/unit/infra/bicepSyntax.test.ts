/** Every .bicep file under infra/ parses with tree-sitter-bicep without ERROR or MISSING nodes (syntax only). */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { describe, test } from "node:test";
import { captures, infraFiles, literal, parseBicep, parseSource, syntaxProblems } from "./bicep";

void describe("Bicep syntax", () => {
  const files = infraFiles(".bicep");

  void test("infra/ holds main.bicep, modules, graph-permissions.bicep and operator-app.bicep", () => {
    const names = files.map((f) => f.replace(/\\/g, "/"));
    for (const expected of [
      "/infra/main.bicep",
      "/infra/graph-permissions.bicep",
      "/infra/operator-app.bicep",
      "/infra/modules/functionapp.bicep",
      "/infra/modules/rbac.bicep",
    ]) {
      assert.ok(
        names.some((n) => n.endsWith(expected)),
        `${expected} exists`,
      );
    }
  });

  void test("the checker reports broken Bicep with a position", () => {
    const problems = syntaxProblems(parseSource("param location string = \nresource x 'A/b@1' = {\n  name: 'x'\n"));
    assert.ok(problems.length > 0);
    assert.match(problems[0] ?? "", /(ERROR|MISSING).* at \d+:\d+/);
  });

  for (const path of files) {
    void test(`${path.slice(path.lastIndexOf("infra"))} parses without ERROR or MISSING nodes`, () => {
      const file = parseBicep(path);
      const problems = syntaxProblems(file.root);
      assert.deepEqual(problems, [], `${file.name} has syntax problems: ${problems.join("; ")}`);
    });
  }

  void test("every module path and every loadTextContent/loadJsonContent file exists", () => {
    for (const path of files) {
      const file = parseBicep(path);
      const modulePaths = captures(file.root, "(module_declaration (string) @path)").map((c) => literal(c.node) ?? "");
      const loaded = captures(
        file.root,
        '(call_expression function: (identifier) @fn arguments: (arguments . (string) @path) (#match? @fn "^load(Text|Json)Content$"))',
      )
        .filter((c) => c.name === "path")
        .map((c) => literal(c.node) ?? "");
      for (const p of [...modulePaths, ...loaded]) {
        assert.ok(existsSync(resolve(dirname(path), p)), `${file.name} refers to missing file ${p}`);
      }
    }
  });
});
