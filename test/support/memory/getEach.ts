/** Reads each id with `get` (one at a time, as an in-memory store needs no batching) into a map by `keyOf`. */
export async function getEach<T>(
  ids: readonly string[],
  get: (id: string) => Promise<T | undefined>,
  keyOf: (value: T) => string,
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  for (const id of ids) {
    const value = await get(id);
    if (value !== undefined) out.set(keyOf(value), value);
  }
  return out;
}
