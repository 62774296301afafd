import { ConfigurationError } from "../../errors";

/** Where in the expression text a problem is, for messages: 1-based line and column, and a caret excerpt. */
export interface ExpressionLocation {
  /** 0-based offset in the expression text. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column within the line. */
  column: number;
  /** The offending line (shortened around the column when long) and a caret under the column. */
  excerpt: string;
}

const EXCERPT_WIDTH = 70;

/** The location of `offset` in `text` (offsets past the end point just after the last character). */
export function locate(text: string, offset: number): ExpressionLocation {
  const at = Math.max(0, Math.min(offset, text.length));
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const nextBreak = text.indexOf("\n", at);
  const lineText = text.slice(lineStart, nextBreak === -1 ? text.length : nextBreak).replace(/\r$/, "");
  const line = text.slice(0, lineStart).split("\n").length;
  const column = at - lineStart + 1;
  let from = 0;
  if (lineText.length > EXCERPT_WIDTH)
    from = Math.max(0, Math.min(column - 1 - EXCERPT_WIDTH / 2, lineText.length - EXCERPT_WIDTH));
  const shown = lineText.slice(from, from + EXCERPT_WIDTH);
  const prefix = from > 0 ? "…" : "";
  const suffix = from + EXCERPT_WIDTH < lineText.length ? "…" : "";
  const caret = " ".repeat(prefix.length + column - 1 - from) + "^";
  return { offset: at, line, column, excerpt: `${prefix}${shown}${suffix}\n${caret}` };
}

/**
 * An expression that cannot be parsed (or names an unknown function, or passes the wrong number of arguments).
 * The message says what is wrong, where (line and 1-based column) and shows a caret excerpt.
 */
export class ExpressionSyntaxError extends ConfigurationError {
  readonly reason: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly excerpt: string;

  constructor(reason: string, expression: string, offset: number) {
    const where = locate(expression, offset);
    const position = where.line > 1 ? `line ${where.line}, column ${where.column}` : `column ${where.column}`;
    super(`Expression error at ${position}: ${reason}\n${where.excerpt}`);
    this.reason = reason;
    this.offset = where.offset;
    this.line = where.line;
    this.column = where.column;
    this.excerpt = where.excerpt;
  }
}
