import type { TableClient } from "@azure/data-tables";

/** Hands out TableClients by name, creating each table once per process. */
export interface TableProvider {
  table(name: string): Promise<TableClient>;
}
