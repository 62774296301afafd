/** A deep copy through JSON, as a value read back from storage or the wire is (undefined properties dropped). */
export function cloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
