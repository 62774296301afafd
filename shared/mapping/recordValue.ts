/** The value stored under `key` as an own property of the record (never an inherited one); undefined when absent. */
export function recordValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
