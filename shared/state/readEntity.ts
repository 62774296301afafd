import type { TableClient, TableEntityResult } from "@azure/data-tables";
import { isNotFound } from "./tableErrors";

/** The row at (partitionKey, rowKey), or undefined when the table has no such row (404); other errors are thrown. */
export async function readEntity<T extends object>(
  client: TableClient,
  partitionKey: string,
  rowKey: string,
): Promise<TableEntityResult<T> | undefined> {
  try {
    return await client.getEntity<T>(partitionKey, rowKey);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}
