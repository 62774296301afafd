/** What users and groups of the emulated directory have in common. */
export interface DirectoryObject {
  id: string;
  properties: Record<string, unknown>;
  createdDateTime: string;
  deletedDateTime: string | null;
}

/** id plus the selected (or only the given) properties that are set; never-set properties are omitted. */
export function renderDirectoryObject(
  obj: DirectoryObject,
  select: readonly string[],
  only: readonly string[] | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = { id: obj.id };
  for (const p of only ?? select) {
    if (p === "id") continue;
    if (p === "createdDateTime") out[p] = obj.createdDateTime;
    else if (p === "deletedDateTime") out[p] = obj.deletedDateTime;
    else if (Object.prototype.hasOwnProperty.call(obj.properties, p)) out[p] = structuredClone(obj.properties[p]);
  }
  return out;
}
