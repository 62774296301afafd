/** Reads the function app (Microsoft.Web/sites) and its app settings from infra/modules/functionapp.bicep. */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { BicepFile, SyntaxNode } from "./bicep";
import {
  declarationBody,
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

/** name → value node of each entry in the site's siteConfig.appSettings array. */
export function appSettings(file: BicepFile): Map<string, SyntaxNode> {
  const sites = resourcesOfType(file, "Microsoft.Web/sites@");
  assert.equal(sites.length, 1, "one Microsoft.Web/sites resource");
  const body = declarationBody(sites[0]!.node);
  assert.ok(body, "the site has a body");
  const arrays = findProperties(body, "appSettings").filter((p) => p.value.type === "array");
  assert.equal(arrays.length, 1, "one appSettings array");
  const out = new Map<string, SyntaxNode>();
  for (const entry of arrays[0]!.value.namedChildren.filter((c) => c.type === "object")) {
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
