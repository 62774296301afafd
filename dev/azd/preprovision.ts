/**
 * The azd preprovision hook (azure.yaml): sets SEED_SLACK_TOKEN_PLACEHOLDER for this provision. True only when the Key
 * Vault or its SLACK-TOKEN secret does not exist yet (the first provision), so re-provisioning never writes the
 * placeholder over the real token; when it cannot tell, it keeps the secret and prints why. Authenticates as the azd
 * user (`azd auth token`). Run: `npm run build && node dist/dev/azd/preprovision.js` (azd passes the environment).
 */
import { execFileSync } from "node:child_process";
import { AzureDeveloperCliCredential } from "@azure/identity";
import { checkSlackTokenSecret } from "./checkSlackTokenSecret";
import { createArmGet } from "./createArmGet";
import { SEED_SETTING } from "./slackTokenSeedDecision";

async function main(): Promise<void> {
  const tenantId = process.env.AZURE_TENANT_ID?.trim();
  const credential = new AzureDeveloperCliCredential(tenantId ? { tenantId } : {});
  const decision = await checkSlackTokenSecret(process.env, createArmGet(credential));
  console.log(`preprovision: ${decision.why} (${SEED_SETTING}=${String(decision.seed)})`);
  const environment = process.env.AZURE_ENV_NAME?.trim();
  execFileSync(
    "azd",
    ["env", "set", SEED_SETTING, String(decision.seed), ...(environment ? ["-e", environment] : [])],
    {
      stdio: "inherit",
    },
  );
}

main().catch((err: unknown) => {
  console.error(`preprovision: could not set ${SEED_SETTING}: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
