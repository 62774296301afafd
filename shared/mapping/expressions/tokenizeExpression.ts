import type { ComparisonOperator } from "./ExpressionAst";
import { ExpressionSyntaxError } from "./ExpressionSyntaxError";

export type TokenKind = "attribute" | "string" | "number" | "identifier" | "(" | ")" | "," | "operator" | "end";

/** One lexical token. `value` is the attribute name, the unescaped string, the number text, the name or the symbol. */
export interface Token {
  kind: TokenKind;
  value: string;
  /** 0-based offset of the first character. */
  start: number;
}

/** Entra rejects expressions longer than this. */
export const MAX_EXPRESSION_LENGTH = 10_000;

const ATTRIBUTE_NAME = /^[A-Za-z0-9_.:-]+$/;

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

function isIdentifierStart(c: string): boolean {
  return /[A-Za-z_]/.test(c);
}

/**
 * Splits an expression into tokens. Whitespace (including line breaks) separates tokens. Strings use double quotes;
 * `\"` and `\\` are escapes, and any other backslash is kept as written (so regex patterns such as "\d" survive).
 * Throws ExpressionSyntaxError for an unterminated string or attribute, an empty or malformed attribute name, an
 * unexpected character, or an expression longer than 10,000 characters.
 */
export function tokenizeExpression(text: string): Token[] {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionSyntaxError(
      `The expression is ${text.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}.`,
      text,
      MAX_EXPRESSION_LENGTH,
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === "(" || c === ")" || c === ",") {
      tokens.push({ kind: c, value: c, start });
      i++;
    } else if (c === "[") {
      const close = text.indexOf("]", i + 1);
      const lineEnd = text.indexOf("\n", i + 1);
      if (close === -1 || (lineEnd !== -1 && lineEnd < close)) {
        throw new ExpressionSyntaxError('The attribute name is not closed with "]".', text, start);
      }
      const name = text.slice(i + 1, close).trim();
      if (name === "") throw new ExpressionSyntaxError("The attribute name between [ and ] is empty.", text, start);
      if (!ATTRIBUTE_NAME.test(name)) {
        throw new ExpressionSyntaxError(
          `"${name}" is not an attribute name; names use letters, digits, "_", "-", "." and ":".`,
          text,
          start + 1,
        );
      }
      tokens.push({ kind: "attribute", value: name, start });
      i = close + 1;
    } else if (c === '"') {
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) {
          throw new ExpressionSyntaxError('The string is not closed with a double quote (").', text, start);
        }
        const d = text.charAt(i);
        if (d === "\\" && (text.charAt(i + 1) === '"' || text.charAt(i + 1) === "\\")) {
          value += text.charAt(i + 1);
          i += 2;
        } else if (d === '"') {
          i++;
          break;
        } else {
          value += d;
          i++;
        }
      }
      tokens.push({ kind: "string", value, start });
    } else if (c === "&" && /^&H[0-9A-Fa-f]/.test(text.slice(i, i + 3))) {
      // A VBA hexadecimal literal, as in Entra's documented BitAnd(&HF, &HF7); kept as a decimal number.
      const m = /^&H([0-9A-Fa-f]{1,16})/.exec(text.slice(i));
      const digits = m?.[1] ?? "0";
      tokens.push({ kind: "number", value: BigInt(`0x${digits}`).toString(), start });
      i += 2 + digits.length;
    } else if (isDigit(c) || (c === "-" && isDigit(text.charAt(i + 1)))) {
      const m = /^-?\d+(\.\d+)?/.exec(text.slice(i));
      const value = m?.[0] ?? c;
      tokens.push({ kind: "number", value, start });
      i += value.length;
    } else if (isIdentifierStart(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
      const value = m?.[0] ?? c;
      tokens.push({ kind: "identifier", value, start });
      i += value.length;
    } else if (c === "=" || c === "<" || c === ">") {
      const two = text.slice(i, i + 2);
      const op: ComparisonOperator = two === "<>" || two === "<=" || two === ">=" ? two : c;
      tokens.push({ kind: "operator", value: op, start });
      i += op.length;
    } else {
      const hint =
        c === "'"
          ? " Strings use double quotes."
          : c === "&" || c === "+"
            ? " Use Join() or Append() to combine strings."
            : "";
      throw new ExpressionSyntaxError(`Unexpected character "${c}".${hint}`, text, start);
    }
  }
  tokens.push({ kind: "end", value: "", start: text.length });
  return tokens;
}
