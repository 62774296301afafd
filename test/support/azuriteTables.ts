import type { TableProvider } from "../../shared/state/TableProvider";
import { createStorageClients } from "../../shared/storage/createStorageClients";

/** The app's TableProvider over an Azurite connection string (tables created on first use). */
export function azuriteTables(connectionString: string): TableProvider {
  const clients = createStorageClients({
    connectionString,
    queueServiceUri: undefined,
    tableServiceUri: undefined,
    clientId: undefined,
  });
  return { table: (name) => clients.ensureTable(name) };
}
