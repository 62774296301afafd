/** main.parameters.json (azd style) matches main.bicep's parameters, and modules receive what they declare. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, test } from "node:test";
import { captures, declarations, findProperties, infraDir, literal, objectProperties, parseBicep } from "./bicep";

interface ParametersFile {
  parameters: Record<string, { value: unknown }>;
}

void describe("main.parameters.json and modules", () => {
  const main = parseBicep(join(infraDir(), "main.bicep"));
  const params = declarations(main.root, "param");
  const file = JSON.parse(readFileSync(join(infraDir(), "main.parameters.json"), "utf8")) as ParametersFile;

  void test("every key is a parameter of main.bicep, and every parameter without a default has a value", () => {
    const names = new Set(params.map((p) => p.name));
    for (const key of Object.keys(file.parameters))
      assert.ok(names.has(key), `${key} is not a parameter of main.bicep`);
    for (const p of params) {
      const hasDefault = p.node.text.includes("=");
      if (!hasDefault)
        assert.ok(p.name in file.parameters, `${p.name} has no default and no value in main.parameters.json`);
    }
  });

  void test("azd environment variables supply the values", () => {
    assert.equal(file.parameters.environmentName?.value, "${AZURE_ENV_NAME}");
    assert.equal(file.parameters.location?.value, "${AZURE_LOCATION}");
    for (const key of ["notificationEmail", "entraServicePrincipalId", "slackScimBaseUrl", "syncSchedule"]) {
      assert.match(String(file.parameters[key]?.value), /^\$\{[A-Z0-9_]+(=[^}]*)?\}$/, key);
    }
  });

  void test("main.bicep targets the subscription and creates the resource group", () => {
    const scope = main.root.namedChildren.find((c) => c.type === "target_scope_assignment");
    assert.equal(literal(scope?.namedChildren[0]), "subscription");
  });

  void test("each module call passes exactly the module's required parameters (and only declared ones)", () => {
    for (const m of declarations(main.root, "module")) {
      const path = literal(captures(m.node, "(module_declaration (string) @p)")[0]?.node);
      assert.ok(path, m.name);
      const mod = parseBicep(resolve(dirname(main.path), path));
      const declared = declarations(mod.root, "param");
      const passed = new Set(objectProperties(findProperties(m.node, "params")[0]!.value).keys());
      for (const key of passed)
        assert.ok(
          declared.some((d) => d.name === key),
          `${m.name} passes unknown param ${key}`,
        );
      for (const d of declared) {
        if (!d.node.text.includes("="))
          assert.ok(passed.has(d.name), `${m.name} does not pass required param ${d.name}`);
      }
    }
  });
});
