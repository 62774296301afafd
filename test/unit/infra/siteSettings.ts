/** Reads the function app (Microsoft.Web/sites) and its app settings from infra/modules/functionapp.bicep. */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { BicepFile, SyntaxNode } from "./bicep";
import {
  declarationBody,
  declarations,
  findProperties,
  infraDir,
  literal,
  objectProperties,
  parseBicep,
  resourcesOfType,
} from "./bicep";

export function functionAppFile(): BicepFile {
  return parseBicep(join(infraDir(), "modules", "functionapp.bicep"));
}

/** App settings set only when a condition holds: `var <name> = <condition> ? [ …settings ] : []`. */
export interface ConditionalSettings {
  /** The variable holding them. */
  variable: string;
  /** The condition's text, e.g. "operatorSignIn". */
  condition: string;
  settings: Map<string, SyntaxNode>;
}

/** name → value node of each `{ name: '…', value: … }` object in an array literal. */
function settingsOfArray(array: SyntaxNode, out = new Map<string, SyntaxNode>()): Map<string, SyntaxNode> {
  for (const entry of array.namedChildren.filter((c) => c.type === "object")) {
    const props = objectProperties(entry);
    const name = literal(props.get("name"));
    const value = props.get("value");
    assert.ok(name, `an app setting without a literal name: ${entry.text}`);
    assert.ok(value, `app setting ${name} has no value`);
    assert.ok(!out.has(name), `app setting ${name} is set twice`);
    out.set(name, value);
  }
  return out;
}

/** The site's siteConfig.appSettings value: an array literal, or concat(<array literal>, <variable>…). */
function appSettingsValue(file: BicepFile): SyntaxNode {
  const sites = resourcesOfType(file, "Microsoft.Web/sites@");
  assert.equal(sites.length, 1, "one Microsoft.Web/sites resource");
  const body = declarationBody(sites[0]!.node);
  assert.ok(body, "the site has a body");
  const values = findProperties(body, "appSettings");
  assert.equal(values.length, 1, "one appSettings property");
  return values[0]!.value;
}

/** The settings the site always sets (the array literal) and the variables it appends. */
function appSettingsParts(file: BicepFile): { always: SyntaxNode; appended: string[] } {
  const value = appSettingsValue(file);
  if (value.type === "array") return { always: value, appended: [] };
  assert.equal(value.type, "call_expression", `appSettings is an array or concat(…): ${value.text.slice(0, 40)}`);
  assert.equal(value.childForFieldName("function")?.text, "concat");
  const args = value.childForFieldName("arguments")?.namedChildren ?? [];
  const [first, ...rest] = args;
  assert.equal(first?.type, "array", "concat's first argument is the array of settings always set");
  for (const r of rest) assert.equal(r.type, "identifier", `concat appends variables only: ${r.text}`);
  return { always: first, appended: rest.map((r) => r.text) };
}

/** The settings appended to the site's appSettings from `var x = condition ? [ … ] : []` variables. */
export function conditionalAppSettings(file: BicepFile): ConditionalSettings[] {
  return appSettingsParts(file).appended.map((variable) => {
    const decl = declarations(file.root, "var").find((d) => d.name === variable);
    assert.ok(decl, `appSettings appends an unknown variable ${variable}`);
    const ternary = decl.node.namedChildren.at(-1);
    assert.equal(ternary?.type, "ternary_expression", `${variable} is <condition> ? [ … ] : []`);
    const consequence = ternary.childForFieldName("consequence");
    const alternative = ternary.childForFieldName("alternative");
    assert.equal(consequence?.type, "array");
    assert.equal(alternative?.text.replace(/\s/g, ""), "[]", `${variable} is empty when its condition is false`);
    return {
      variable,
      condition: ternary.childForFieldName("condition")?.text ?? "",
      settings: settingsOfArray(consequence),
    };
  });
}

/** name → value node of every app setting the site can set: those always set, and the conditional ones. */
export function appSettings(file: BicepFile): Map<string, SyntaxNode> {
  const out = settingsOfArray(appSettingsParts(file).always);
  for (const part of conditionalAppSettings(file)) {
    for (const [name, value] of part.settings) {
      assert.ok(!out.has(name), `app setting ${name} is set twice`);
      out.set(name, value);
    }
  }
  return out;
}

/** name → value node of the app settings the site always sets (whatever the parameters). */
export function unconditionalAppSettings(file: BicepFile): Map<string, SyntaxNode> {
  return settingsOfArray(appSettingsParts(file).always);
}
