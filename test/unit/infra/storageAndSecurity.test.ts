/**
 * Security and completeness properties of the deployed resources: queues and tables, shared-key access off,
 * App Insights local auth off, the Slack token as a Key Vault reference resolved by the managed identity, and the
 * Flex Consumption site shape. Role assignment scopes: roleScopes.test.ts.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { poisonQueueName, QUEUE_NAMES } from "../../../shared/queue/queueCatalog";
import { TABLES } from "../../../shared/state/tableNames";
import type { BicepFile } from "./bicep";
import {
  declarationBody,
  declarations,
  findProperties,
  infraDir,
  infraFiles,
  literal,
  objectProperties,
  parseBicep,
  resourcesOfType,
  stringArrayVariable,
} from "./bicep";
import { appSettings, conditionalAppSettings, functionAppFile, unconditionalAppSettings } from "./siteSettings";

const file = (...parts: string[]): BicepFile => parseBicep(join(infraDir(), ...parts));

/** The body of the only resource of a type in a file. */
function onlyResourceBody(f: BicepFile, typePrefix: string) {
  const found = resourcesOfType(f, typePrefix).filter((d) => !/\bexisting\b/.test(d.node.text.split("{")[0] ?? ""));
  assert.equal(found.length, 1, `${f.name}: one ${typePrefix} resource`);
  const body = declarationBody(found[0]!.node);
  assert.ok(body);
  return body;
}

void describe("storage: queues and tables", () => {
  const main = file("main.bicep");
  const storage = file("modules", "storage.bicep");

  void test("every queue of the queue catalog and its -poison queue is declared", () => {
    const declared = new Set(stringArrayVariable(main, "storageQueueNames"));
    for (const q of QUEUE_NAMES) {
      assert.ok(declared.has(q), `queue ${q}`);
      assert.ok(declared.has(poisonQueueName(q)), `queue ${poisonQueueName(q)}`);
    }
    assert.equal(declared.size, QUEUE_NAMES.length * 2, "no queue the app does not use");
  });

  void test("every table in TABLES is declared", () => {
    const declared = new Set(stringArrayVariable(main, "storageTableNames"));
    assert.deepEqual([...declared].sort(), Object.values(TABLES).sort());
  });

  void test("the storage module creates one queue per queueNames entry and one table per tableNames entry", () => {
    const storageModule = declarations(main.root, "module").find((d) => d.name === "storage");
    assert.ok(storageModule);
    const params = objectProperties(findProperties(storageModule.node, "params")[0]!.value);
    assert.equal(params.get("queueNames")?.text, "storageQueueNames");
    assert.equal(params.get("tableNames")?.text, "storageTableNames");
    for (const [type, param] of [
      ["Microsoft.Storage/storageAccounts/queueServices/queues@", "queueNames"],
      ["Microsoft.Storage/storageAccounts/tableServices/tables@", "tableNames"],
    ] as const) {
      const [decl] = resourcesOfType(storage, type);
      assert.ok(decl, `${type} resource`);
      const loop = decl.node.namedChildren.find((c) => c.type === "for_statement");
      assert.ok(loop, `${type} is a loop`);
      assert.ok(
        loop.namedChildren.some((c) => c.type === "identifier" && c.text === param),
        `loops over ${param}`,
      );
    }
  });

  void test("shared-key access is disabled and nothing turns it back on", () => {
    const body = onlyResourceBody(storage, "Microsoft.Storage/storageAccounts@");
    const values = findProperties(body, "allowSharedKeyAccess").map((p) => p.value.text);
    assert.deepEqual(values, ["false"]);
    for (const path of infraFiles(".bicep")) {
      for (const p of findProperties(parseBicep(path).root, /^allowSharedKeyAccess$/i))
        assert.equal(p.value.text, "false");
    }
  });

  void test("the Flex deployment container is declared and is the one the site deploys from", () => {
    assert.equal(resourcesOfType(storage, "Microsoft.Storage/storageAccounts/blobServices/containers@").length, 1);
    assert.ok(stringArrayVariableText(storage, "blobContainerNames").includes("deploymentContainerName"));
    const site = onlyResourceBody(functionAppFile(), "Microsoft.Web/sites@");
    const deployment = objectProperties(findProperties(site, "storage")[0]!.value);
    assert.match(deployment.get("value")?.text ?? "", /\$\{deploymentContainerName\}'$/);
  });
});

void describe("Application Insights", () => {
  void test("local authentication is disabled (disableLocalAuth true)", () => {
    const body = onlyResourceBody(file("modules", "monitoring.bicep"), "Microsoft.Insights/components@");
    const values = findProperties(body, /^disableLocalAuth$/i).map((p) => p.value.text);
    assert.deepEqual(values, ["true"]);
    assert.ok(findProperties(body, "WorkspaceResourceId").length === 1, "workspace-based");
  });
});

void describe("Key Vault and the Slack token", () => {
  const kv = file("modules", "keyvault.bicep");

  void test("the vault uses RBAC authorization and declares the SLACK-TOKEN placeholder", () => {
    const body = onlyResourceBody(kv, "Microsoft.KeyVault/vaults@");
    assert.deepEqual(
      findProperties(body, "enableRbacAuthorization").map((p) => p.value.text),
      ["true"],
    );
    assert.equal(findProperties(body, "accessPolicies").length, 0);
    assert.equal(stringArrayOrLiteral(file("main.bicep"), "slackTokenSecretName"), "SLACK-TOKEN");
    const [secret] = resourcesOfType(kv, "Microsoft.KeyVault/vaults/secrets@");
    assert.ok(secret);
    assert.equal(findProperties(declarationBody(secret.node)!, "name")[0]?.value.text, "slackTokenSecretName");
  });

  void test("the placeholder is written only when seedSlackTokenPlaceholder says so, which defaults to off", () => {
    const [secret] = resourcesOfType(kv, "Microsoft.KeyVault/vaults/secrets@");
    assert.match(secret?.node.text ?? "", /=\s*if\s*\(seedSlackTokenPlaceholder\)/);
    assert.match(kv.source, /^param seedSlackTokenPlaceholder bool = false$/m);
    assert.match(file("main.bicep").source, /^param seedSlackTokenPlaceholder bool = false$/m);
  });

  void test("purge protection is on by default and deleted secrets stay recoverable for 90 days", () => {
    assert.match(kv.source, /^param purgeProtection bool = true$/m);
    assert.match(kv.source, /^param softDeleteRetentionInDays int = 90$/m);
    const body = onlyResourceBody(kv, "Microsoft.KeyVault/vaults@");
    assert.deepEqual(
      findProperties(body, "softDeleteRetentionInDays").map((p) => p.value.text),
      ["softDeleteRetentionInDays"],
    );
    assert.match(file("main.bicep").source, /^param keyVaultPurgeProtection bool = true$/m);
  });

  void test("SLACK_TOKEN is a Key Vault reference and the site resolves it with the user-assigned identity", () => {
    const fa = functionAppFile();
    const value = appSettings(fa).get("SLACK_TOKEN");
    assert.ok(value, "SLACK_TOKEN is set");
    const text =
      value.type === "identifier"
        ? declarations(fa.root, "var")
            .find((d) => d.name === value.text)
            ?.node.namedChildren.at(-1)?.text
        : value.text;
    assert.match(text ?? "", /^'@Microsoft\.KeyVault\(SecretUri=\$\{[^}]*vaultUri\}secrets\/SLACK-TOKEN\/\)'$/);
    const site = onlyResourceBody(fa, "Microsoft.Web/sites@");
    assert.deepEqual(
      findProperties(site, "keyVaultReferenceIdentity").map((p) => p.value.text),
      ["identity.id"],
    );
    const identity = objectProperties(findProperties(site, "identity")[0]!.value);
    assert.equal(literal(identity.get("type")), "UserAssigned");
  });
});

void describe("Slack Authorize in the Bicep", () => {
  const fa = functionAppFile();

  void test("SLACK_TOKEN_SECRET_URI always names the SLACK-TOKEN secret of the vault (read at run time)", () => {
    const value = unconditionalAppSettings(fa).get("SLACK_TOKEN_SECRET_URI");
    assert.match(value?.text ?? "", /^'\$\{vault\.properties\.vaultUri\}secrets\/SLACK-TOKEN'$/);
  });

  void test("SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (a Key Vault reference) only when a Slack client id is given", () => {
    const [authorize] = conditionalAppSettings(fa).filter((c) => c.variable === "slackAuthorizeSettings");
    assert.ok(authorize);
    assert.equal(authorize.condition, "!empty(slackClientId)");
    assert.deepEqual([...authorize.settings.keys()].sort(), ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"]);
    assert.equal(authorize.settings.get("SLACK_CLIENT_ID")?.text, "slackClientId");
    assert.match(
      authorize.settings.get("SLACK_CLIENT_SECRET")?.text ?? "",
      /^'@Microsoft\.KeyVault\(SecretUri=\$\{vault\.properties\.vaultUri\}secrets\/SLACK-CLIENT-SECRET\/\)'$/,
    );
    assert.match(fa.source, /^param slackClientId string = ''$/m);
    const main = file("main.bicep");
    assert.match(main.source, /^param slackClientId string = ''$/m);
    assert.match(main.source, /^\s+slackClientId: slackClientId$/m, "main.bicep passes it to the function app");
    const parameters = JSON.parse(readFileSync(join(infraDir(), "main.parameters.json"), "utf8")) as {
      parameters: Record<string, { value: string }>;
    };
    assert.equal(parameters.parameters.slackClientId?.value, "${SLACK_CLIENT_ID=}");
  });
});

function stringArrayVariableText(f: BicepFile, name: string): string[] {
  const decl = declarations(f.root, "var").find((d) => d.name === name);
  return decl?.node.namedChildren.find((c) => c.type === "array")?.namedChildren.map((c) => c.text) ?? [];
}

function stringArrayOrLiteral(f: BicepFile, varName: string): string | undefined {
  const decl = declarations(f.root, "var").find((d) => d.name === varName);
  return literal(decl?.node.namedChildren.find((c) => c.type === "string"));
}

void describe("Flex Consumption site shape", () => {
  const fa = functionAppFile();

  void test("FC1 plan, Node 22 runtime, identity-authenticated deployment storage, scale settings", () => {
    const plan = onlyResourceBody(fa, "Microsoft.Web/serverfarms@");
    const sku = objectProperties(findProperties(plan, "sku")[0]!.value);
    assert.equal(literal(sku.get("name")), "FC1");
    assert.equal(literal(sku.get("tier")), "FlexConsumption");
    const site = onlyResourceBody(fa, "Microsoft.Web/sites@");
    const runtime = objectProperties(findProperties(site, "runtime")[0]!.value);
    assert.equal(literal(runtime.get("name")), "node");
    assert.equal(literal(runtime.get("version")), "22");
    const auth = objectProperties(findProperties(site, "authentication")[0]!.value);
    assert.equal(literal(auth.get("type")), "UserAssignedIdentity");
    assert.equal(auth.get("userAssignedIdentityResourceId")?.text, "identity.id");
    const scale = objectProperties(findProperties(site, "scaleAndConcurrency")[0]!.value);
    assert.ok(scale.has("maximumInstanceCount") && scale.has("instanceMemoryMB"));
    const tags = findProperties(site, "azd-service-name").map((p) => literal(p.value));
    assert.deepEqual(tags, ["api"], "azd finds the app by its azd-service-name tag");
  });

  void test("basic publishing credentials (FTP and SCM user names and passwords) are disabled", () => {
    const policies = resourcesOfType(fa, "Microsoft.Web/sites/basicPublishingCredentialsPolicies@");
    const byName = new Map(
      policies.map((d) => {
        const body = declarationBody(d.node);
        assert.ok(body);
        return [literal(findProperties(body, "name")[0]?.value), findProperties(body, "allow")[0]?.value.text];
      }),
    );
    assert.deepEqual(Object.fromEntries(byName), { ftp: "false", scm: "false" });
  });
});
