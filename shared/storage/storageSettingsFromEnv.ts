import type { Env } from "../config/Settings";
import type { StorageSettings } from "./createStorageClients";

function read(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/**
 * The storage settings of a Functions connection (`connection: "AzureWebJobsStorage"` or any other prefix), read the
 * way the Functions host reads them: `<prefix>` is a connection string; otherwise `<prefix>__queueServiceUri`,
 * `<prefix>__tableServiceUri` and `<prefix>__clientId` describe identity-based access.
 */
export function storageSettingsFromEnv(env: Env = process.env, prefix = "AzureWebJobsStorage"): StorageSettings {
  return {
    connectionString: read(env, prefix),
    queueServiceUri: read(env, `${prefix}__queueServiceUri`),
    tableServiceUri: read(env, `${prefix}__tableServiceUri`),
    clientId: read(env, `${prefix}__clientId`),
  };
}
