import type { DirectoryObject } from "./renderDirectoryObject";
import { renderDirectoryObject } from "./renderDirectoryObject";

/** Selected properties of a single read: never-set ones come back as null (as GET /users/{id} does). */
export function renderWithNulls(obj: DirectoryObject, props: readonly string[]): Record<string, unknown> {
  const r = renderDirectoryObject(obj, props, undefined);
  for (const p of props) if (!(p in r)) r[p] = null;
  return r;
}
