/**
 * Role assignments of the app's identity, each on the narrowest resource: the blob role on each blob container (the
 * storage account also holds the host keys), the queue role on each queue, the table role on the account (the host
 * creates its own monthly diagnostics tables), Key Vault Secrets User on the one secret SLACK-TOKEN, and nothing on
 * the whole vault or account that reads blobs or secrets.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { BicepFile } from "./bicep";
import {
  declarationBody,
  declarations,
  findProperties,
  infraDir,
  literal,
  objectProperties,
  parseBicep,
  resourcesOfType,
  stringArrayVariable,
} from "./bicep";
import { resourceNameExpression, roleAssignments } from "./roleAssignments";

const file = (...parts: string[]): BicepFile => parseBicep(join(infraDir(), ...parts));

const ROLE = {
  storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  storageQueueDataContributor: "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
  storageTableDataContributor: "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
  keyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
  keyVaultSecretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  monitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
};

/** The params a module call in main.bicep passes, as expression text. */
function moduleParams(main: BicepFile, moduleName: string): Map<string, string> {
  const m = declarations(main.root, "module").find((d) => d.name === moduleName);
  assert.ok(m, `module ${moduleName}`);
  const params = objectProperties(findProperties(m.node, "params")[0]!.value);
  return new Map([...params].map(([k, v]) => [k, v.text]));
}

void describe("role assignments: each on the narrowest resource", () => {
  const rbac = file("modules", "rbac.bicep");
  const main = file("main.bicep");
  const storage = file("modules", "storage.bicep");
  const assignments = roleAssignments(rbac);
  const forIdentity = assignments.filter((a) => a.principal === "identityPrincipalId");
  const byRole = (role: keyof typeof ROLE) => forIdentity.filter((a) => a.role === role);

  void test("the role ids are the built-in roles they are named after", () => {
    const roles = objectProperties(
      declarations(rbac.root, "var")
        .find((d) => d.name === "roles")!
        .node.namedChildren.at(-1)!,
    );
    for (const [name, id] of Object.entries(ROLE)) assert.equal(literal(roles.get(name)), id, name);
  });

  void test("the identity holds exactly these roles, and nothing broad", () => {
    assert.deepEqual(forIdentity.map((a) => a.role).sort(), [
      "keyVaultSecretsOfficer",
      "keyVaultSecretsUser",
      "keyVaultSecretsUser",
      "keyVaultSecretsUser",
      "monitoringMetricsPublisher",
      "storageBlobDataOwner",
      "storageQueueDataContributor",
      "storageTableDataContributor",
    ]);
    const text = resourcesOfType(rbac, "Microsoft.Authorization/roleAssignments@")
      .map((a) => a.node.text)
      .join("\n");
    assert.ok(
      !/Owner'|Contributor'|8e3af657-a8ff-443c-a75c-2fe8c4bcb635|b24988ac-6180-42a0-ab88-20f7382dd24c/.test(text),
      "no broad roles (Owner, Contributor)",
    );
  });

  void test("the blob role is granted on each blob container the storage module creates, never on the account", () => {
    const [blob] = byRole("storageBlobDataOwner");
    assert.ok(blob);
    assert.equal(blob.scopeType, "Microsoft.Storage/storageAccounts/blobServices/containers");
    assert.equal(blob.loopsOver, "blobContainerNames", "one assignment per container");
    assert.match(resourceNameExpression(rbac, blob.scopeResource) ?? "", /^containerName$/);
    assert.equal(moduleParams(main, "rbac").get("blobContainerNames"), "storage.outputs.blobContainerNames");
    for (const a of assignments.filter((x) => x.role === "storageBlobDataOwner"))
      assert.notEqual(a.scopeType, "Microsoft.Storage/storageAccounts", `${a.name} is on the whole account`);
  });

  void test("the storage module creates the deployment container and the host's azure-webjobs-hosts and azure-webjobs-secrets", () => {
    // stringArrayVariable reads the string literals; the first entry is the deployment container's name parameter.
    assert.deepEqual(stringArrayVariable(storage, "blobContainerNames"), [
      "azure-webjobs-hosts",
      "azure-webjobs-secrets",
    ]);
    const containerVar = declarations(storage.root, "var").find((d) => d.name === "blobContainerNames")!;
    assert.equal(
      containerVar.node.namedChildren.find((c) => c.type === "array")?.namedChildren[0]?.text,
      "deploymentContainerName",
    );
    const [decl] = resourcesOfType(storage, "Microsoft.Storage/storageAccounts/blobServices/containers@");
    assert.ok(decl);
    assert.match(decl.node.text, /\bfor\s+\w+\s+in\s+blobContainerNames\s*:/, "one container per name");
    const publicAccess = findProperties(declarationBody(decl.node)!, "publicAccess").map((p) => literal(p.value));
    assert.deepEqual(publicAccess, ["None"]);
    assert.match(storage.source, /^output blobContainerNames array = blobContainerNames$/m);
  });

  void test("the queue role is granted on each queue of the app, the table role on the account", () => {
    const [queue] = byRole("storageQueueDataContributor");
    assert.ok(queue);
    assert.equal(queue.scopeType, "Microsoft.Storage/storageAccounts/queueServices/queues");
    assert.equal(queue.loopsOver, "queueNames");
    assert.equal(moduleParams(main, "rbac").get("queueNames"), "storageQueueNames");
    const [table] = byRole("storageTableDataContributor");
    assert.equal(table?.scopeType, "Microsoft.Storage/storageAccounts");
    assert.match(rbac.source, /AzureFunctionsDiagnosticEvents/, "the comment says why tables stay on the account");
  });

  void test("Key Vault Secrets User is granted on the SLACK-TOKEN, Slack client secret and clientState secrets only, not on the vault", () => {
    const [user, slackClientSecret, clientState] = byRole("keyVaultSecretsUser");
    assert.ok(user && slackClientSecret && clientState);
    assert.equal(slackClientSecret.scopeType, "Microsoft.KeyVault/vaults/secrets");
    assert.equal(resourceNameExpression(rbac, slackClientSecret.scopeResource), "slackClientSecretName");
    assert.equal(moduleParams(main, "rbac").get("slackClientSecretName"), "slackClientSecretName");
    const clientSecretName = declarations(main.root, "var").find((d) => d.name === "slackClientSecretName");
    assert.equal(literal(clientSecretName?.node.namedChildren.at(-1)), "SLACK-CLIENT-SECRET");
    assert.equal(clientState.scopeType, "Microsoft.KeyVault/vaults/secrets");
    assert.equal(resourceNameExpression(rbac, clientState.scopeResource), "notificationClientStateSecretName");
    const clientStateName = declarations(main.root, "var").find((d) => d.name === "notificationClientStateSecretName");
    assert.equal(literal(clientStateName?.node.namedChildren.at(-1)), "GRAPH-NOTIFICATION-CLIENT-STATE");
    assert.equal(user.scopeType, "Microsoft.KeyVault/vaults/secrets");
    assert.equal(resourceNameExpression(rbac, user.scopeResource), "slackTokenSecretName");
    assert.match(
      declarations(rbac.root, "resource").find((d) => d.name === user.scopeResource)!.node.text,
      /\bexisting\b/,
      "the secret is the one keyvault.bicep creates",
    );
    assert.equal(moduleParams(main, "rbac").get("slackTokenSecretName"), "slackTokenSecretName");
    assert.equal(moduleParams(main, "keyVault").get("slackTokenSecretName"), "slackTokenSecretName");
    const name = declarations(main.root, "var").find((d) => d.name === "slackTokenSecretName");
    assert.equal(literal(name?.node.namedChildren.at(-1)), "SLACK-TOKEN");
    for (const a of forIdentity)
      assert.notEqual(a.scopeType, "Microsoft.KeyVault/vaults", `${a.name} gives the identity a role on the vault`);
  });

  void test("with Authorize only: Key Vault Secrets Officer on SLACK-TOKEN (to store the token) and Secrets User on the client secret", () => {
    const [officer] = byRole("keyVaultSecretsOfficer");
    assert.ok(officer);
    assert.equal(officer.scopeType, "Microsoft.KeyVault/vaults/secrets");
    assert.equal(officer.scopeResource, byRole("keyVaultSecretsUser")[0]?.scopeResource, "the SLACK-TOKEN secret");
    const conditionOf = (name: string) =>
      /=\s*if\s*\((\w+)\)/.exec(declarations(rbac.root, "resource").find((d) => d.name === name)?.node.text ?? "")?.[1];
    assert.equal(conditionOf(officer.name), "slackAuthorize");
    assert.equal(conditionOf(byRole("keyVaultSecretsUser")[1]?.name ?? ""), "slackAuthorize");
    assert.equal(
      conditionOf(byRole("keyVaultSecretsUser")[0]?.name ?? ""),
      undefined,
      "reading SLACK-TOKEN is always granted",
    );
    assert.match(rbac.source, /^param slackAuthorize bool = false$/m);
    assert.equal(moduleParams(main, "rbac").get("slackAuthorize"), "!empty(slackClientId)");
  });

  void test("only the deploying principal holds a role on the vault: Key Vault Secrets Officer, to store the token", () => {
    const onVault = assignments.filter((a) => a.scopeType === "Microsoft.KeyVault/vaults");
    assert.deepEqual(
      onVault.map((a) => [a.role, a.principal]),
      [["keyVaultSecretsOfficer", "deployerPrincipalId"]],
    );
  });

  void test("Monitoring Metrics Publisher is on Application Insights", () => {
    assert.equal(byRole("monitoringMetricsPublisher")[0]?.scopeType, "Microsoft.Insights/components");
  });

  void test("every assignment has a deterministic guid() name over its scope, and a principalType", () => {
    for (const a of resourcesOfType(rbac, "Microsoft.Authorization/roleAssignments@")) {
      const body = declarationBody(a.node)!;
      const scope = findProperties(body, "scope")[0]?.value.text ?? "";
      assert.ok(
        (findProperties(body, "name")[0]?.value.text ?? "").startsWith(`guid(${scope}.id,`),
        `${a.name}: name is guid(${scope}.id, …)`,
      );
      assert.equal(findProperties(body, "principalType").length, 1, a.name);
    }
  });
});
