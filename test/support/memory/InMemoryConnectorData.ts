import type { ConnectorDataStore, ConnectorTable } from "../../../shared/state/StatePorts";
import type { InMemoryTable } from "./InMemoryTable";

/** ConnectorDataStore in memory, like ConnectorDataRepository: deletes a page of the job's rows from the table. */
export class InMemoryConnectorData implements ConnectorDataStore {
  constructor(private readonly tables: Record<ConnectorTable, InMemoryTable<unknown>>) {}

  clear(table: ConnectorTable, jobId: string, limit: number): Promise<number> {
    const t = this.tables[table];
    const keys = t
      .partition(jobId)
      .slice(0, limit)
      .map(([key]) => key);
    for (const key of keys) t.delete(jobId, key);
    return Promise.resolve(keys.length);
  }
}
