/**
 * The SLACK-TOKEN seed decision, table-driven over the answers Azure Resource Manager can give: the placeholder is
 * written only when the vault or the secret provably does not exist; any other answer keeps the secret.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ArmAnswer, VaultFinding } from "../../../dev/azd/slackTokenSeedDecision";
import {
  decideSeed,
  describeAnswer,
  secretState,
  vaultByName,
  vaultInGroup,
} from "../../../dev/azd/slackTokenSeedDecision";

const ok = (body: unknown = {}): ArmAnswer => ({ status: 200, body });
const error = (status: number, code?: string, message = "…"): ArmAnswer => ({
  status,
  body: code === undefined ? null : { error: { code, message } },
});
const failed = (why: string): ArmAnswer => ({ failed: why });

interface Case {
  name: string;
  vault: ArmAnswer;
  /** Only asked when the vault was found. */
  secret?: ArmAnswer;
  seed: boolean;
  /** A fragment the explanation must contain. */
  says: RegExp;
}

const byName: Case[] = [
  { name: "the secret exists", vault: ok(), secret: ok(), seed: false, says: /SLACK-TOKEN exists in Key Vault kv-a/ },
  {
    name: "the vault exists, the secret does not",
    vault: ok(),
    secret: error(404, "ResourceNotFound"),
    seed: true,
    says: /has no SLACK-TOKEN/,
  },
  { name: "secret 404 SecretNotFound", vault: ok(), secret: error(404, "SecretNotFound"), seed: true, says: /has no/ },
  { name: "secret 404 without a body", vault: ok(), secret: error(404), seed: true, says: /has no/ },
  {
    name: "secret 404 that blames the vault (deleted meanwhile)",
    vault: ok(),
    secret: error(404, "ParentResourceNotFound"),
    seed: false,
    says: /Could not tell whether SLACK-TOKEN exists .*ParentResourceNotFound/,
  },
  {
    name: "secret 403 (no read on the vault)",
    vault: ok(),
    secret: error(403, "AuthorizationFailed", "no access"),
    seed: false,
    says: /HTTP 403 AuthorizationFailed: no access.*keeping it/,
  },
  { name: "secret 500", vault: ok(), secret: error(500, "InternalServerError"), seed: false, says: /HTTP 500/ },
  { name: "secret 429", vault: ok(), secret: error(429, "TooManyRequests"), seed: false, says: /HTTP 429/ },
  {
    name: "secret lookup failed (network)",
    vault: ok(),
    secret: failed("TypeError: fetch failed"),
    seed: false,
    says: /fetch failed/,
  },
  { name: "the vault does not exist", vault: error(404, "ResourceNotFound"), seed: true, says: /does not exist/ },
  {
    name: "its resource group does not exist",
    vault: error(404, "ResourceGroupNotFound"),
    seed: true,
    says: /does not exist/,
  },
  {
    name: "vault 404 SubscriptionNotFound (wrong subscription or tenant)",
    vault: error(404, "SubscriptionNotFound"),
    seed: false,
    says: /Could not tell whether the Key Vault exists/,
  },
  { name: "vault 404 without a body", vault: error(404), seed: false, says: /HTTP 404/ },
  { name: "vault 403", vault: error(403, "AuthorizationFailed"), seed: false, says: /HTTP 403/ },
  { name: "vault 401", vault: error(401, "InvalidAuthenticationToken"), seed: false, says: /HTTP 401/ },
  {
    name: "no token (azd not signed in)",
    vault: failed("CredentialUnavailableError: run azd auth login"),
    seed: false,
    says: /azd auth login/,
  },
];

const inGroup: Case[] = [
  { name: "no resource group", vault: error(404, "ResourceGroupNotFound"), seed: true, says: /rg-x does not exist/ },
  { name: "no vault in the group", vault: ok({ value: [] }), seed: true, says: /holds no Key Vault/ },
  {
    name: "an empty page with more to come",
    vault: ok({ value: [], nextLink: "https://…" }),
    seed: false,
    says: /paged/,
  },
  {
    name: "one vault with the secret",
    vault: ok({ value: [{ name: "kv-a" }] }),
    secret: ok(),
    seed: false,
    says: /exists in Key Vault kv-a/,
  },
  {
    name: "one vault without the secret",
    vault: ok({ value: [{ name: "kv-a" }] }),
    secret: error(404, "ResourceNotFound"),
    seed: true,
    says: /kv-a has no SLACK-TOKEN/,
  },
  {
    name: "two vaults",
    vault: ok({ value: [{ name: "kv-a" }, { name: "kv-b" }] }),
    seed: false,
    says: /holds 2 Key Vaults; set AZURE_KEY_VAULT_NAME/,
  },
  { name: "a body without a list", vault: ok({ value: "x" }), seed: false, says: /unexpected body/ },
  { name: "a vault without a name", vault: ok({ value: [{}] }), seed: false, says: /unexpected body/ },
  { name: "list 404 ResourceNotFound", vault: error(404, "ResourceNotFound"), seed: false, says: /HTTP 404/ },
  { name: "list 500", vault: error(500), seed: false, says: /HTTP 500/ },
  { name: "list failed", vault: failed("TimeoutError: aborted"), seed: false, says: /TimeoutError/ },
];

function run(c: Case, vaultOf: (a: ArmAnswer) => VaultFinding): void {
  const vault = vaultOf(c.vault);
  const secret = vault.kind === "found" && c.secret ? secretState(c.secret) : undefined;
  assert.equal(vault.kind === "found", c.secret !== undefined, "the table asks about the secret exactly when found");
  const decision = decideSeed(vault, secret);
  assert.equal(decision.seed, c.seed, decision.why);
  assert.match(decision.why, c.says);
}

void describe("seed decision: vault known by name (AZURE_KEY_VAULT_NAME)", () => {
  for (const c of byName)
    void test(`${c.name} → ${c.seed ? "seed" : "keep"}`, () => run(c, (a) => vaultByName(a, "kv-a")));
});

void describe("seed decision: vault looked up in the resource group", () => {
  for (const c of inGroup)
    void test(`${c.name} → ${c.seed ? "seed" : "keep"}`, () => run(c, (a) => vaultInGroup(a, "rg-x")));
});

void describe("seed decision: details", () => {
  void test("a found vault whose secret was not checked is kept", () => {
    assert.equal(decideSeed({ kind: "found", name: "kv-a" }).seed, false);
  });

  void test("explanations are bounded and name the status, code and message", () => {
    assert.equal(describeAnswer(error(409, "Conflict", "busy")), "HTTP 409 Conflict: busy");
    assert.equal(describeAnswer(error(404)), "HTTP 404");
    assert.equal(describeAnswer(failed("x".repeat(1000))).length, 300);
    assert.ok(describeAnswer(error(500, "E", "y".repeat(1000))).length <= 300);
  });
});
