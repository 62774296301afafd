/** Characters that make a spreadsheet read a cell as a formula (or a DDE call) when they start it. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Characters that need the cell quoted (RFC 4180 §2.6). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Pure: one CSV cell (RFC 4180): a text that a spreadsheet would read as a formula (it starts with = + - @, a tab or
 * a carriage return) gets a leading apostrophe (OWASP's CSV injection advice), so it is shown as text; a cell with a
 * double quote, comma or line break is quoted, its double quotes doubled.
 */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Pure: one CSV record: the cells joined by commas, ended by CRLF (RFC 4180 §2.1). */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
