/**
 * Reads a users/delta item's manager@delta. Absent → undefined (the manager did not change, or manager was not
 * selected). Otherwise the entry without "@removed" is the new manager; entries with "@removed" only → null (the
 * manager was cleared). An empty list is read as cleared too (one of the shapes the reference allows).
 */
export function managerChangeOf(item: Record<string, unknown>): { id: string | null } | undefined {
  const raw = item["manager@delta"];
  if (!Array.isArray(raw)) return undefined;
  for (const e of raw as unknown[]) {
    const rec = (e ?? {}) as Record<string, unknown>;
    if (typeof rec.id === "string" && (rec["@removed"] === undefined || rec["@removed"] === null))
      return { id: rec.id };
  }
  return { id: null };
}
