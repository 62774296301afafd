/** The admin-run Graph permissions file, its Bicep extension config, and azure.yaml for azd. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import {
  declarationBody,
  findProperties,
  infraDir,
  literal,
  parseBicep,
  repoRoot,
  resourcesOfType,
  stringArrayVariable,
} from "./bicep";

const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const ROLES = ["User.Read.All", "GroupMember.Read.All", "Application.Read.All"];

void describe("graph-permissions.bicep", () => {
  const file = parseBicep(join(infraDir(), "graph-permissions.bicep"));

  void test("uses the Microsoft Graph extension declared in bicepconfig.json", () => {
    assert.match(file.source, /^extension microsoftGraphV1\s*$/m);
    const config = JSON.parse(readFileSync(join(infraDir(), "bicepconfig.json"), "utf8")) as {
      extensions?: Record<string, string>;
    };
    assert.match(
      config.extensions?.microsoftGraphV1 ?? "",
      /^br:mcr\.microsoft\.com\/bicep\/extensions\/microsoftgraph\/v1\.0:\d+\.\d+\.\d+$/,
    );
  });

  void test("grants exactly the three read-only application roles, each explained by a comment", () => {
    assert.deepEqual(stringArrayVariable(file, "graphAppRoles"), ROLES);
    const lines = file.source.split("\n");
    for (const role of ROLES) {
      const i = lines.findIndex((l) => l.trim() === `'${role}'`);
      assert.ok(i > 0, role);
      const comment: string[] = [];
      for (let j = i - 1; j >= 0 && /^\s*\/\//.test(lines[j] ?? ""); j--) comment.unshift((lines[j] ?? "").trim());
      assert.ok(
        comment.some((l) => l.startsWith(`// ${role}:`)),
        `a comment explaining ${role} right above it`,
      );
    }
  });

  void test("assigns them on Microsoft Graph's service principal with appRoleAssignedTo", () => {
    const [graphSp] = resourcesOfType(file, "Microsoft.Graph/servicePrincipals@");
    assert.ok(graphSp);
    assert.match(graphSp.node.text, /\bexisting\b/);
    assert.equal(literal(findProperties(declarationBody(graphSp.node)!, "appId")[0]?.value), GRAPH_APP_ID);
    const [grants] = resourcesOfType(file, "Microsoft.Graph/appRoleAssignedTo@");
    assert.ok(grants);
    const body = declarationBody(grants.node)!;
    assert.equal(findProperties(body, "principalId")[0]?.value.text, "identityPrincipalId");
    assert.equal(findProperties(body, "resourceId")[0]?.value.text, `${graphSp.name}.id`);
    assert.match(findProperties(body, "appRoleId")[0]?.value.text ?? "", /appRoles/);
  });
});

void describe("azure.yaml", () => {
  interface AzureYaml {
    name?: string;
    infra?: { provider?: string; path?: string; module?: string };
    services?: Record<string, { project?: string; language?: string; host?: string }>;
  }
  const doc = parse(readFileSync(join(repoRoot(), "azure.yaml"), "utf8")) as AzureYaml;

  void test("declares the api service as a TypeScript function app at the project root", () => {
    const api = doc.services?.api;
    assert.ok(api, "service api");
    assert.equal(api.host, "function");
    assert.ok(api.language === "ts" || api.language === "js");
    assert.equal(api.project, ".");
  });

  void test("provisions infra/main.bicep", () => {
    assert.equal(doc.infra?.provider ?? "bicep", "bicep");
    assert.equal(doc.infra?.path ?? "infra", "infra");
    assert.equal(doc.infra?.module ?? "main", "main");
  });
});
