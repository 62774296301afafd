/**
 * checkSlackTokenSecret: which Azure Resource Manager paths it asks, from the azd environment, and what it concludes.
 * ARM is a fake that answers by path; nothing leaves the process.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { ArmGet } from "../../../dev/azd/checkSlackTokenSecret";
import { checkSlackTokenSecret, RESOURCE_GROUP_PREFIX } from "../../../dev/azd/checkSlackTokenSecret";
import type { ArmAnswer } from "../../../dev/azd/slackTokenSeedDecision";
import { SLACK_TOKEN_SECRET } from "../../../dev/azd/slackTokenSeedDecision";
import { declarations, infraDir, literal, parseBicep } from "../infra/bicep";

const SUB = "00000000-0000-0000-0000-000000000001";
const VAULTS = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.KeyVault/vaults`;
const API = "?api-version=2023-07-01";

/** An ArmGet answering from a table (404 ResourceNotFound otherwise) and recording the paths asked. */
function fakeArm(answers: Record<string, ArmAnswer>): { get: ArmGet; asked: string[] } {
  const asked: string[] = [];
  const get: ArmGet = (path) => {
    asked.push(path);
    return Promise.resolve(answers[path] ?? { status: 404, body: { error: { code: "ResourceNotFound" } } });
  };
  return { get, asked };
}

void describe("checkSlackTokenSecret", () => {
  void test("a vault named by AZURE_KEY_VAULT_NAME holding the secret: keep, after two GETs", async () => {
    const arm = fakeArm({
      [`${VAULTS}/kv-a${API}`]: { status: 200, body: { name: "kv-a" } },
      [`${VAULTS}/kv-a/secrets/SLACK-TOKEN${API}`]: { status: 200, body: { properties: {} } },
    });
    const env = { AZURE_SUBSCRIPTION_ID: SUB, AZURE_ENV_NAME: "prod", AZURE_KEY_VAULT_NAME: "kv-a" };
    const decision = await checkSlackTokenSecret(env, arm.get);
    assert.equal(decision.seed, false);
    assert.deepEqual(arm.asked, [`${VAULTS}/kv-a${API}`, `${VAULTS}/kv-a/secrets/SLACK-TOKEN${API}`]);
  });

  void test("AZURE_RESOURCE_GROUP wins over rg-<environment>", async () => {
    const arm = fakeArm({});
    const env = { AZURE_SUBSCRIPTION_ID: SUB, AZURE_ENV_NAME: "prod", AZURE_RESOURCE_GROUP: "my-rg" };
    await checkSlackTokenSecret(env, arm.get);
    assert.deepEqual(arm.asked, [
      `/subscriptions/${SUB}/resourceGroups/my-rg/providers/Microsoft.KeyVault/vaults${API}`,
    ]);
  });

  void test("without a vault name, the one vault of rg-<environment> is checked", async () => {
    const arm = fakeArm({ [`${VAULTS}${API}`]: { status: 200, body: { value: [{ name: "kv-b" }] } } });
    const decision = await checkSlackTokenSecret({ AZURE_SUBSCRIPTION_ID: SUB, AZURE_ENV_NAME: "prod" }, arm.get);
    assert.deepEqual(arm.asked, [`${VAULTS}${API}`, `${VAULTS}/kv-b/secrets/SLACK-TOKEN${API}`]);
    assert.equal(decision.seed, true, "the fake answers 404 ResourceNotFound for the secret");
  });

  void test("a first provision (no resource group yet) seeds", async () => {
    const arm = fakeArm({ [`${VAULTS}${API}`]: { status: 404, body: { error: { code: "ResourceGroupNotFound" } } } });
    const decision = await checkSlackTokenSecret({ AZURE_SUBSCRIPTION_ID: SUB, AZURE_ENV_NAME: "prod" }, arm.get);
    assert.equal(decision.seed, true);
  });

  void test("an environment without a subscription was never provisioned: seed without asking", async () => {
    const arm = fakeArm({});
    const decision = await checkSlackTokenSecret({ AZURE_ENV_NAME: "prod" }, arm.get);
    assert.deepEqual([decision.seed, arm.asked], [true, []]);
    assert.match(decision.why, /never been provisioned/);
  });

  void test("a vault name without a subscription, or no resource group to look in: keep without asking", async () => {
    for (const env of [{ AZURE_KEY_VAULT_NAME: "kv-a" }, { AZURE_SUBSCRIPTION_ID: SUB }]) {
      const arm = fakeArm({});
      const decision = await checkSlackTokenSecret(env, arm.get);
      assert.deepEqual([decision.seed, arm.asked], [false, []], JSON.stringify(env));
    }
  });

  void test("names are encoded into the path", async () => {
    const arm = fakeArm({});
    await checkSlackTokenSecret(
      { AZURE_SUBSCRIPTION_ID: SUB, AZURE_RESOURCE_GROUP: "a b", AZURE_KEY_VAULT_NAME: "k/v" },
      arm.get,
    );
    assert.deepEqual(arm.asked, [
      `/subscriptions/${SUB}/resourceGroups/a%20b/providers/Microsoft.KeyVault/vaults/k%2Fv${API}`,
    ]);
  });

  void test("the secret name and the resource group prefix are the Bicep's", () => {
    const main = parseBicep(join(infraDir(), "main.bicep"));
    const secret = declarations(main.root, "var").find((d) => d.name === "slackTokenSecretName");
    assert.equal(literal(secret?.node.namedChildren.at(-1)), SLACK_TOKEN_SECRET);
    const abbreviations = JSON.parse(readFileSync(join(infraDir(), "abbreviations.json"), "utf8")) as Record<
      string,
      string
    >;
    assert.equal(abbreviations.resourcesResourceGroups, RESOURCE_GROUP_PREFIX);
    assert.match(main.source, /name: '\$\{abbrs\.resourcesResourceGroups\}\$\{environmentName\}'/);
  });
});
