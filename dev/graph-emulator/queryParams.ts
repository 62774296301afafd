/** Parsers for the OData query options the emulator understands. */

/** Parses $select into a list (undefined when absent or empty). */
export function parseSelect(raw: string | null): string[] | undefined {
  if (raw === null) return undefined;
  const list = raw
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return list.length > 0 ? list : undefined;
}

export function parseTop(raw: string | null, fallback: number): number | undefined {
  if (raw === null) return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 999 ? n : undefined;
}

/** `id eq 'a' or id eq 'b'` (at most 50 ids); undefined for anything else. */
export function parseIdFilter(filter: string): string[] | undefined {
  const parts = filter.split(/\s+or\s+/i);
  const ids: string[] = [];
  for (const p of parts) {
    const m = /^\s*id\s+eq\s+'([^']+)'\s*$/i.exec(p);
    if (!m?.[1]) return undefined;
    ids.push(m[1]);
  }
  return ids.length > 0 && ids.length <= 50 ? ids : undefined;
}
