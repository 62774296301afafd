import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigurationError } from "../../../../shared/errors";
import { keyVaultSecretUri } from "../../../../shared/slack/tokens/keyVaultSecretUri";

void describe("keyVaultSecretUri", () => {
  const ok = [
    {
      uri: "https://kv-abc.vault.azure.net/secrets/SLACK-TOKEN",
      want: {
        vaultUrl: "https://kv-abc.vault.azure.net",
        name: "SLACK-TOKEN",
        scope: "https://vault.azure.net/.default",
      },
    },
    {
      uri: "https://kv-abc.vault.azure.net/secrets/SLACK-TOKEN/",
      want: {
        vaultUrl: "https://kv-abc.vault.azure.net",
        name: "SLACK-TOKEN",
        scope: "https://vault.azure.net/.default",
      },
    },
    {
      uri: "https://kv-abc.vault.azure.net/secrets/SLACK-TOKEN/0123456789abcdef0123456789abcdef",
      want: {
        vaultUrl: "https://kv-abc.vault.azure.net",
        name: "SLACK-TOKEN",
        scope: "https://vault.azure.net/.default",
      },
    },
    {
      uri: "https://kv-cn.vault.azure.cn/secrets/SLACK-TOKEN",
      want: { vaultUrl: "https://kv-cn.vault.azure.cn", name: "SLACK-TOKEN", scope: "https://vault.azure.cn/.default" },
    },
    {
      uri: "https://kv-gov.vault.usgovcloudapi.net/secrets/x",
      want: {
        vaultUrl: "https://kv-gov.vault.usgovcloudapi.net",
        name: "x",
        scope: "https://vault.usgovcloudapi.net/.default",
      },
    },
    {
      uri: "http://127.0.0.1:8443/secrets/SLACK-TOKEN",
      want: { vaultUrl: "http://127.0.0.1:8443", name: "SLACK-TOKEN", scope: "https://vault.azure.net/.default" },
    },
  ];
  for (const c of ok) void it(c.uri, () => assert.deepEqual(keyVaultSecretUri(c.uri), c.want));

  const refused = [
    "https://kv-abc.vault.azure.net/",
    "https://kv-abc.vault.azure.net/keys/SLACK-TOKEN",
    "https://kv-abc.vault.azure.net/secrets/SLACK_TOKEN",
    "https://kv-abc.vault.azure.net/secrets/SLACK-TOKEN?api-version=7.4",
    "not a url",
  ];
  for (const uri of refused) {
    void it(`refuses ${uri}`, () =>
      assert.throws(
        () => keyVaultSecretUri(uri),
        (e: unknown) =>
          e instanceof ConfigurationError && /SLACK_TOKEN_SECRET_URI must be a Key Vault secret URI/.test(e.message),
      ));
  }
});
