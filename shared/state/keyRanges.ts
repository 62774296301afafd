import { odata } from "@azure/data-tables";

/**
 * A range of row keys, [from, to): `from` included, `to` excluded, either end open when absent. Work over a whole
 * partition can go range by range, so that what it holds at once is one range's rows, not the partition's.
 */
export interface KeyRange {
  from?: string;
  to?: string;
}

/** The most ranges `keyRanges` makes (4 hex digits give 65,536 boundaries; far more than any cycle needs). */
export const MAX_KEY_RANGES = 4_096;

/**
 * Pure: `count` ranges that together cover every string exactly once (the first open below, the last open above),
 * split evenly for keys that start with lower-case hexadecimal digits (Entra object ids are GUIDs). Keys of any other
 * shape still fall in exactly one range, only less evenly. The boundaries are ASCII, so a key compares the same way
 * with them whether the store orders strings by UTF-16 code units (JavaScript, Azurite) or by UTF-8 bytes.
 */
export function keyRanges(count: number): KeyRange[] {
  const n = Math.min(MAX_KEY_RANGES, Math.max(1, Math.floor(count)));
  const boundary = (i: number) =>
    Math.floor((i * 0x10000) / n)
      .toString(16)
      .padStart(4, "0");
  return Array.from({ length: n }, (_, i) => ({
    ...(i > 0 ? { from: boundary(i) } : {}),
    ...(i < n - 1 ? { to: boundary(i + 1) } : {}),
  }));
}

/** Pure: whether the key is in the range (string order by UTF-16 code units, as the boundaries are ASCII). */
export function inKeyRange(key: string, range: KeyRange | undefined): boolean {
  if (!range) return true;
  if (range.from !== undefined && key < range.from) return false;
  if (range.to !== undefined && key >= range.to) return false;
  return true;
}

/** The OData filter of the range on RowKey (" and RowKey ge '…' and RowKey lt '…'"), empty for no range. */
export function rowKeyRangeFilter(range: KeyRange | undefined): string {
  if (!range) return "";
  return (
    (range.from !== undefined ? ` and ${odata`RowKey ge ${range.from}`}` : "") +
    (range.to !== undefined ? ` and ${odata`RowKey lt ${range.to}`}` : "")
  );
}
