/**
 * Pure: whether `azd provision` may write the SLACK-TOKEN placeholder (SEED_SLACK_TOKEN_PLACEHOLDER). Only when the
 * Key Vault or the secret provably does not exist yet: a stored token is never overwritten, and when a check cannot
 * tell (any answer but a 404 that says the thing itself is missing) the secret is kept and the reason printed.
 */

/** What an Azure Resource Manager GET answered: its status and JSON body, or why no answer came. */
export type ArmAnswer = { status: number; body: unknown } | { failed: string };

/** Whether this environment's Key Vault exists. */
export type VaultFinding =
  { kind: "none"; why: string } | { kind: "found"; name: string } | { kind: "unknown"; why: string };

/** Whether the vault holds the secret. */
export type SecretFinding = { kind: "none" } | { kind: "found" } | { kind: "unknown"; why: string };

export interface SeedDecision {
  seed: boolean;
  /** One sentence for the person running azd. */
  why: string;
}

/** The azd environment value main.parameters.json reads into seedSlackTokenPlaceholder. */
export const SEED_SETTING = "SEED_SLACK_TOKEN_PLACEHOLDER";

/** The secret main.bicep names SLACK-TOKEN (a test keeps the two in step). */
export const SLACK_TOKEN_SECRET = "SLACK-TOKEN";

/** ARM error codes of a 404 that mean the vault is not there (its resource group included). */
const VAULT_MISSING = new Set(["ResourceNotFound", "ResourceGroupNotFound"]);
/** ARM error codes of a 404 that blame something other than the secret: then the secret's state is unknown. */
const NOT_THE_SECRET = new Set(["ParentResourceNotFound", "ResourceGroupNotFound", "SubscriptionNotFound"]);

const MAX_DETAIL = 300;

/** The `error.code` of an ARM error body. */
export function armErrorCode(body: unknown): string | undefined {
  const error = (body as { error?: { code?: unknown } } | null)?.error;
  return typeof error?.code === "string" ? error.code : undefined;
}

/** A short description of an answer for messages: "HTTP 403 AuthorizationFailed: …" or the failure. */
export function describeAnswer(answer: ArmAnswer): string {
  if ("failed" in answer) return answer.failed.slice(0, MAX_DETAIL);
  const error = (answer.body as { error?: { message?: unknown } } | null)?.error;
  const code = armErrorCode(answer.body);
  const message = typeof error?.message === "string" ? `: ${error.message}` : "";
  return `HTTP ${answer.status}${code ? ` ${code}` : ""}${message}`.slice(0, MAX_DETAIL);
}

const isNotFound = (answer: ArmAnswer): answer is { status: 404; body: unknown } =>
  !("failed" in answer) && answer.status === 404;

/** The answer to GET …/vaults/<name>. */
export function vaultByName(answer: ArmAnswer, name: string): VaultFinding {
  if (!("failed" in answer) && answer.status === 200) return { kind: "found", name };
  if (isNotFound(answer) && VAULT_MISSING.has(armErrorCode(answer.body) ?? ""))
    return { kind: "none", why: `Key Vault ${name} does not exist (${armErrorCode(answer.body)})` };
  return { kind: "unknown", why: `looking up Key Vault ${name} answered ${describeAnswer(answer)}` };
}

/** The answer to GET …/resourceGroups/<group>/providers/Microsoft.KeyVault/vaults (the vault name is not known). */
export function vaultInGroup(answer: ArmAnswer, resourceGroup: string): VaultFinding {
  if (isNotFound(answer) && armErrorCode(answer.body) === "ResourceGroupNotFound")
    return { kind: "none", why: `resource group ${resourceGroup} does not exist` };
  if ("failed" in answer || answer.status !== 200)
    return { kind: "unknown", why: `listing the Key Vaults of ${resourceGroup} answered ${describeAnswer(answer)}` };
  const page = answer.body as { value?: unknown; nextLink?: unknown } | null;
  const vaults = Array.isArray(page?.value) ? (page.value as unknown[]) : undefined;
  const names = vaults?.map((v) => (v as { name?: unknown } | null)?.name);
  if (!names || names.some((n) => typeof n !== "string"))
    return { kind: "unknown", why: `listing the Key Vaults of ${resourceGroup} returned an unexpected body` };
  if (names.length === 0 && (page?.nextLink === undefined || page.nextLink === null))
    return { kind: "none", why: `resource group ${resourceGroup} holds no Key Vault` };
  if (names.length === 1) return { kind: "found", name: names[0] as string };
  return {
    kind: "unknown",
    why: `resource group ${resourceGroup} holds ${names.length === 0 ? "a paged list of" : names.length} Key Vaults; set AZURE_KEY_VAULT_NAME to the app's`,
  };
}

/** The answer to GET …/vaults/<name>/secrets/SLACK-TOKEN (metadata only: ARM never returns a secret's value). */
export function secretState(answer: ArmAnswer): SecretFinding {
  if (!("failed" in answer) && answer.status === 200) return { kind: "found" };
  if (isNotFound(answer) && !NOT_THE_SECRET.has(armErrorCode(answer.body) ?? "")) return { kind: "none" };
  return { kind: "unknown", why: `looking up ${SLACK_TOKEN_SECRET} answered ${describeAnswer(answer)}` };
}

/** Seed only where there is provably nothing to overwrite. */
export function decideSeed(vault: VaultFinding, secret?: SecretFinding): SeedDecision {
  switch (vault.kind) {
    case "none":
      return { seed: true, why: `${vault.why}: this provision creates ${SLACK_TOKEN_SECRET} with a placeholder.` };
    case "unknown":
      return {
        seed: false,
        why: `Could not tell whether the Key Vault exists (${vault.why}): keeping ${SLACK_TOKEN_SECRET} as it is.`,
      };
    case "found":
      if (secret?.kind === "none")
        return {
          seed: true,
          why: `Key Vault ${vault.name} has no ${SLACK_TOKEN_SECRET}: this provision creates it with a placeholder.`,
        };
      if (secret?.kind === "found")
        return { seed: false, why: `${SLACK_TOKEN_SECRET} exists in Key Vault ${vault.name}: keeping it.` };
      return {
        seed: false,
        why: `Could not tell whether ${SLACK_TOKEN_SECRET} exists in Key Vault ${vault.name} (${secret?.why ?? "not checked"}): keeping it as it is.`,
      };
  }
}
