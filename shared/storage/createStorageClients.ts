import { TableClient } from "@azure/data-tables";
import type { TokenCredential } from "@azure/identity";
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";
import { QueueServiceClient } from "@azure/storage-queue";
import type { QueueClient } from "@azure/storage-queue";
import type { Settings } from "../config/Settings";
import { ConfigurationError } from "../errors";

export type StorageSettings = Settings["storage"];

/**
 * Named queue and table clients over one storage account. Clients are cached per name; `ensureQueue`/`ensureTable`
 * create the resource if it does not exist, once per factory (the promise is cached; a failure is retried next call).
 */
export interface StorageClients {
  queue(name: string): QueueClient;
  table(name: string): TableClient;
  ensureQueue(name: string): Promise<QueueClient>;
  ensureTable(name: string): Promise<TableClient>;
}

export interface CreateStorageClientsOptions {
  /** Credential for identity-based access; default ManagedIdentityCredential(clientId) or DefaultAzureCredential. */
  credential?: TokenCredential;
}

function isHttp(url: string): boolean {
  return url.toLowerCase().startsWith("http:");
}

function connectionStringUsesHttp(cs: string): boolean {
  return (
    /DefaultEndpointsProtocol=http(;|$)/i.test(cs) ||
    /Endpoint=http:/i.test(cs) ||
    /UseDevelopmentStorage=true/i.test(cs)
  );
}

function cachedEnsure<T>(cache: Map<string, Promise<T>>, name: string, create: () => Promise<T>): Promise<T> {
  let p = cache.get(name);
  if (!p) {
    p = create();
    cache.set(name, p);
    p.catch(() => cache.delete(name));
  }
  return p;
}

/** Builds the client factory from the storage settings (connection string, or identity-based service URIs). */
export function createStorageClients(
  storage: StorageSettings,
  options: CreateStorageClientsOptions = {},
): StorageClients {
  let credential: TokenCredential | undefined;
  const getCredential = (): TokenCredential => {
    credential ??=
      options.credential ??
      (storage.clientId ? new ManagedIdentityCredential({ clientId: storage.clientId }) : new DefaultAzureCredential());
    return credential;
  };

  let queueService: QueueServiceClient | undefined;
  const getQueueService = (): QueueServiceClient => {
    if (queueService) return queueService;
    if (storage.connectionString) {
      queueService = QueueServiceClient.fromConnectionString(storage.connectionString);
    } else if (storage.queueServiceUri) {
      queueService = new QueueServiceClient(storage.queueServiceUri, getCredential());
    } else {
      throw new ConfigurationError(
        "No queue storage is configured. Set AzureWebJobsStorage or AzureWebJobsStorage__queueServiceUri.",
      );
    }
    return queueService;
  };

  const queues = new Map<string, QueueClient>();
  const tables = new Map<string, TableClient>();
  const ensuredQueues = new Map<string, Promise<QueueClient>>();
  const ensuredTables = new Map<string, Promise<TableClient>>();

  const queue = (name: string): QueueClient => {
    let client = queues.get(name);
    if (!client) {
      client = getQueueService().getQueueClient(name);
      queues.set(name, client);
    }
    return client;
  };

  const table = (name: string): TableClient => {
    let client = tables.get(name);
    if (!client) {
      if (storage.connectionString) {
        client = TableClient.fromConnectionString(storage.connectionString, name, {
          allowInsecureConnection: connectionStringUsesHttp(storage.connectionString),
        });
      } else if (storage.tableServiceUri) {
        client = new TableClient(storage.tableServiceUri, name, getCredential(), {
          allowInsecureConnection: isHttp(storage.tableServiceUri),
        });
      } else {
        throw new ConfigurationError(
          "No table storage is configured. Set AzureWebJobsStorage or AzureWebJobsStorage__tableServiceUri.",
        );
      }
      tables.set(name, client);
    }
    return client;
  };

  return {
    queue,
    table,
    ensureQueue: (name) =>
      cachedEnsure(ensuredQueues, name, async () => {
        const client = queue(name);
        await client.createIfNotExists();
        return client;
      }),
    ensureTable: (name) =>
      cachedEnsure(ensuredTables, name, async () => {
        const client = table(name);
        await client.createTable(); // createTable ignores "TableAlreadyExists"
        return client;
      }),
  };
}
