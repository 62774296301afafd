import { mapLimit } from "./batches";

/** Reads of one getMany that may be in flight at once. */
const READ_CONCURRENCY = 16;

/**
 * Reads every id with `read` (a few at a time) and keys the records found by `keyOf`; ids with no record are left out.
 */
export async function readMany<T>(
  ids: readonly string[],
  read: (id: string) => Promise<T | undefined>,
  keyOf: (record: T) => string,
): Promise<Map<string, T>> {
  const found = await mapLimit(ids, READ_CONCURRENCY, read);
  const out = new Map<string, T>();
  for (const record of found) if (record !== undefined) out.set(keyOf(record), record);
  return out;
}
