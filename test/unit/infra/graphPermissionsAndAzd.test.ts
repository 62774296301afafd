/** The admin-run Graph permissions file, its Bicep extension config, and azure.yaml for azd (service and hooks). */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { SEED_SETTING } from "../../../dev/azd/slackTokenSeedDecision";
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
const ROLES = ["User.Read.All", "GroupMember.Read.All", "Application.Read.All", "Group.Read.All"];

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

  void test("grants exactly the four read-only application roles, each explained by a comment", () => {
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
  interface Hook {
    shell?: string;
    run?: string;
    continueOnError?: boolean;
  }
  interface AzureYaml {
    name?: string;
    infra?: { provider?: string; path?: string; module?: string };
    services?: Record<string, { project?: string; language?: string; host?: string }>;
    hooks?: Record<string, { posix?: Hook; windows?: Hook }>;
  }
  const doc = parse(readFileSync(join(repoRoot(), "azure.yaml"), "utf8")) as AzureYaml;

  void test("declares the api service as a TypeScript function app at the project root", () => {
    const api = doc.services?.api;
    assert.ok(api, "service api");
    assert.equal(api.host, "function");
    assert.ok(api.language === "ts" || api.language === "js");
    assert.equal(api.project, ".");
  });

  void test("preprovision sets SEED_SLACK_TOKEN_PLACEHOLDER from the compiled seed decision, on both shells", () => {
    const hook = doc.hooks?.preprovision;
    for (const [os, shell] of [
      ["posix", "sh"],
      ["windows", "pwsh"],
    ] as const) {
      assert.equal(hook?.[os]?.shell, shell, `${os} shell`);
      assert.equal(hook?.[os]?.run, "npm run --silent build && node dist/dev/azd/preprovision.js", `${os} run`);
      assert.equal(hook?.[os]?.continueOnError, false, `${os}: a failed hook stops the provision`);
    }
    assert.ok(existsSync(join(repoRoot(), "dev", "azd", "preprovision.ts")));
    const parameters = JSON.parse(readFileSync(join(infraDir(), "main.parameters.json"), "utf8")) as {
      parameters: Record<string, { value: unknown }>;
    };
    // Without the hook's answer, nothing is seeded.
    assert.equal(parameters.parameters.seedSlackTokenPlaceholder?.value, `\${${SEED_SETTING}=false}`);
  });

  void test("postprovision sets SEED_SLACK_TOKEN_PLACEHOLDER back to false", () => {
    for (const os of ["posix", "windows"] as const)
      assert.equal(doc.hooks?.postprovision?.[os]?.run, `azd env set ${SEED_SETTING} false`, os);
  });

  void test("provisions infra/main.bicep", () => {
    assert.equal(doc.infra?.provider ?? "bicep", "bicep");
    assert.equal(doc.infra?.path ?? "infra", "infra");
    assert.equal(doc.infra?.module ?? "main", "main");
  });
});
