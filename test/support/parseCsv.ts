/**
 * A minimal RFC 4180 parser for tests: records end with CRLF (a bare LF or CR inside a quoted field is data), fields
 * are separated by commas, a quoted field may hold commas, line breaks and doubled quotes. A leading UTF-8 byte order
 * mark is skipped. Throws on a malformed input (a quote inside an unquoted field, text after a closing quote, an
 * unterminated quote, or a last record without its CRLF), so a test that parses an export also checks its syntax.
 */
export function parseCsv(input: string): string[][] {
  const text = input.startsWith("\uFEFF") ? input.slice(1) : input;
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  if (text === "") return records;
  for (;;) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quoted field at ${i}`);
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      while (i < text.length && text[i] !== "," && !(text[i] === "\r" && text[i + 1] === "\n")) {
        if (text[i] === '"') throw new Error(`quote inside an unquoted field at ${i}`);
        field += text[i];
        i++;
      }
    }
    record.push(field);
    if (text[i] === ",") {
      i++;
      continue;
    }
    if (text[i] === "\r" && text[i + 1] === "\n") {
      records.push(record);
      record = [];
      i += 2;
      if (i >= text.length) return records;
      continue;
    }
    throw new Error(i >= text.length ? "the last record does not end with CRLF" : `unexpected text at ${i}`);
  }
}
