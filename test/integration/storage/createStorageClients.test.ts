import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigurationError } from "../../../shared/errors";
import { createStorageClients } from "../../../shared/storage/createStorageClients";
import { storageSettingsFromEnv } from "../../../shared/storage/storageSettingsFromEnv";

const fakeCredential = { getToken: () => Promise.resolve({ token: "t", expiresOnTimestamp: Date.now() + 3600_000 }) };

void test("storageSettingsFromEnv reads a connection by prefix, as the Functions host does", () => {
  assert.deepEqual(
    storageSettingsFromEnv(
      {
        JobsStorage__queueServiceUri: "https://acct.queue.core.windows.net",
        JobsStorage__tableServiceUri: "https://acct.table.core.windows.net",
        JobsStorage__clientId: "cid",
      },
      "JobsStorage",
    ),
    {
      connectionString: undefined,
      queueServiceUri: "https://acct.queue.core.windows.net",
      tableServiceUri: "https://acct.table.core.windows.net",
      clientId: "cid",
    },
  );
  assert.equal(storageSettingsFromEnv({ AzureWebJobsStorage: " cs " }).connectionString, "cs");
});

void test("identity-based settings build clients on the service URIs (no network call until used)", () => {
  const clients = createStorageClients(
    {
      connectionString: undefined,
      queueServiceUri: "https://acct.queue.core.windows.net",
      tableServiceUri: "https://acct.table.core.windows.net",
      clientId: "cid",
    },
    { credential: fakeCredential },
  );
  assert.equal(clients.queue("delta-pages").url, "https://acct.queue.core.windows.net/delta-pages");
  assert.equal(clients.table("SyncState").url, "https://acct.table.core.windows.net");
  assert.equal(clients.table("SyncState").tableName, "SyncState");
  assert.equal(clients.table("SyncState"), clients.table("SyncState"));
});

void test("missing storage settings fail with a ConfigurationError naming the setting", () => {
  const clients = createStorageClients({
    connectionString: undefined,
    queueServiceUri: undefined,
    tableServiceUri: undefined,
    clientId: undefined,
  });
  assert.throws(
    () => clients.queue("q"),
    (e: unknown) => e instanceof ConfigurationError && /queueServiceUri/.test(e.message),
  );
  assert.throws(
    () => clients.table("T"),
    (e: unknown) => e instanceof ConfigurationError && /tableServiceUri/.test(e.message),
  );
});
