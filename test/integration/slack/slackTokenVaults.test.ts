/**
 * Where the Slack token is kept: KeyVaultSlackToken against a stand-in for Key Vault's secrets REST API (latest version
 * read, a new version written, the managed identity's token for the vault's scope, errors that name the role and
 * never the token), and TableSlackToken against Azurite (a pasted SLACK_TOKEN newer than the stored token wins).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ConfigurationError } from "../../../shared/errors";
import { fetchHttpClient } from "../../../shared/http/fetchHttpClient";
import { KEY_VAULT_API_VERSION, KeyVaultSlackToken } from "../../../shared/slack/tokens/KeyVaultSlackToken";
import { keyVaultSecretUri } from "../../../shared/slack/tokens/keyVaultSecretUri";
import { TableSlackToken } from "../../../shared/slack/tokens/TableSlackToken";
import { createStorageClients } from "../../../shared/storage/createStorageClients";
import type { TableProvider } from "../../../shared/state/TableProvider";
import type { FakeKeyVault } from "../../support/fakeKeyVault";
import { startFakeKeyVault } from "../../support/fakeKeyVault";
import { uniquePrefix } from "../../support/uniqueName";
import { withAzurite } from "../../support/withAzurite";

const TOKEN = "xoxp-1-U0123456789-abcdef0123456789abcdef0123456789";

void describe("KeyVaultSlackToken (Key Vault REST)", () => {
  let kv: FakeKeyVault;
  let vault: KeyVaultSlackToken;
  before(async () => {
    kv = await startFakeKeyVault();
    vault = new KeyVaultSlackToken(keyVaultSecretUri(`${kv.url}/secrets/SLACK-TOKEN`), kv.credential, fetchHttpClient);
  });
  after(() => kv.close());

  void it("no secret yet: undefined; a write adds a version and the read gives the latest", async () => {
    assert.equal(await vault.read(), undefined);
    await vault.write("xoxp-first");
    await vault.write(TOKEN);
    assert.equal(await vault.read(), TOKEN);
    assert.deepEqual(
      kv.versions("SLACK-TOKEN").map((v) => v.value),
      ["xoxp-first", TOKEN],
    );
    assert.equal(kv.versions("SLACK-TOKEN").at(-1)?.tags?.storedBy, "slack-authorize");
    assert.ok(kv.requests.every((r) => r.authorized && r.apiVersion === KEY_VAULT_API_VERSION));
    assert.deepEqual(new Set(kv.credential.scopes), new Set(["https://vault.azure.net/.default"]));
  });

  void it("without Secrets Officer the write is a ConfigurationError naming the role, without the token", async () => {
    kv.allow.write = false;
    try {
      await assert.rejects(vault.write("xoxp-refused-token"), (e: unknown) => {
        assert.ok(e instanceof ConfigurationError);
        assert.match(e.message, /Key Vault Secrets Officer/);
        assert.match(e.message, /HTTP 403 Forbidden: ForbiddenByRbac/);
        assert.ok(!e.message.includes("xoxp-refused-token"));
        return true;
      });
    } finally {
      kv.allow.write = true;
    }
  });

  void it("without Secrets User the read is a ConfigurationError naming that role", async () => {
    kv.allow.read = false;
    try {
      await assert.rejects(vault.read(), /Key Vault Secrets User/);
    } finally {
      kv.allow.read = true;
    }
  });

  void it("an unreachable vault is a TransientError (KeyVaultUnavailable)", async () => {
    const gone = new KeyVaultSlackToken(
      keyVaultSecretUri("http://127.0.0.1:1/secrets/SLACK-TOKEN"),
      kv.credential,
      fetchHttpClient,
    );
    await assert.rejects(gone.read(), (e: unknown) => (e as { code?: string }).code === "KeyVaultUnavailable");
  });
});

void describe("TableSlackToken (Azurite)", () => {
  const azurite = withAzurite();
  let tables: TableProvider;
  before(async () => {
    const { connectionString } = await azurite.ready();
    const storage = createStorageClients({
      connectionString,
      queueServiceUri: undefined,
      tableServiceUri: undefined,
      clientId: undefined,
    });
    tables = { table: (name) => storage.ensureTable(name) };
  });

  void it("holds the token Authorize stored, per job, until another SLACK_TOKEN is pasted", async () => {
    const job = uniquePrefix("job");
    const store = new TableSlackToken(tables, job, "xoxp-pasted");
    assert.equal(await store.read(), undefined);
    await store.write(TOKEN);
    assert.equal(await store.read(), TOKEN);
    assert.equal(await new TableSlackToken(tables, job, "xoxp-pasted").read(), TOKEN, "another process reads it");
    assert.equal(await new TableSlackToken(tables, uniquePrefix("job"), "xoxp-pasted").read(), undefined, "per job");
    assert.equal(
      await new TableSlackToken(tables, job, "xoxp-pasted-later").read(),
      undefined,
      "a SLACK_TOKEN pasted after Authorize wins over the stored token",
    );
  });
});
