import type { ArmAnswer, SeedDecision } from "./slackTokenSeedDecision";
import { decideSeed, secretState, SLACK_TOKEN_SECRET, vaultByName, vaultInGroup } from "./slackTokenSeedDecision";

/** GETs an Azure Resource Manager path (`/subscriptions/…?api-version=…`). */
export type ArmGet = (path: string) => Promise<ArmAnswer>;

/** main.bicep names the resource group rg-<environment name> (abbreviations.json, resourcesResourceGroups). */
export const RESOURCE_GROUP_PREFIX = "rg-";

/** The Key Vault API version the Bicep uses. */
const KEY_VAULT_API = "2023-07-01";

const segment = (s: string): string => encodeURIComponent(s);

/**
 * Whether this provision may seed SLACK-TOKEN, from the azd environment (the values azd passes to hooks) and the
 * answers of Azure Resource Manager: first whether the vault exists (by AZURE_KEY_VAULT_NAME, which the first provision
 * stores, or else the one vault in the environment's resource group), then whether it holds the secret. ARM returns a
 * secret's metadata, never its value.
 */
export async function checkSlackTokenSecret(env: NodeJS.ProcessEnv, armGet: ArmGet): Promise<SeedDecision> {
  const subscription = env.AZURE_SUBSCRIPTION_ID?.trim();
  const vaultName = env.AZURE_KEY_VAULT_NAME?.trim();
  const environmentName = env.AZURE_ENV_NAME?.trim();
  if (!subscription) {
    // azd records the subscription before an environment's first deployment.
    return decideSeed(
      vaultName
        ? { kind: "unknown", why: `AZURE_KEY_VAULT_NAME is ${vaultName} but AZURE_SUBSCRIPTION_ID is not set` }
        : { kind: "none", why: "This azd environment has no subscription yet, so it has never been provisioned" },
    );
  }
  const group =
    env.AZURE_RESOURCE_GROUP?.trim() || (environmentName ? `${RESOURCE_GROUP_PREFIX}${environmentName}` : "");
  if (!group) return decideSeed({ kind: "unknown", why: "neither AZURE_RESOURCE_GROUP nor AZURE_ENV_NAME is set" });
  const vaults = `/subscriptions/${segment(subscription)}/resourceGroups/${segment(group)}/providers/Microsoft.KeyVault/vaults`;
  const vault = vaultName
    ? vaultByName(await armGet(`${vaults}/${segment(vaultName)}?api-version=${KEY_VAULT_API}`), vaultName)
    : vaultInGroup(await armGet(`${vaults}?api-version=${KEY_VAULT_API}`), group);
  if (vault.kind !== "found") return decideSeed(vault);
  const secretPath = `${vaults}/${segment(vault.name)}/secrets/${SLACK_TOKEN_SECRET}?api-version=${KEY_VAULT_API}`;
  return decideSeed(vault, secretState(await armGet(secretPath)));
}
