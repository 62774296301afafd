import type { ComparisonOperator, ExpressionNode, OperandNode } from "./ExpressionAst";
import { ExpressionSyntaxError } from "./ExpressionSyntaxError";
import { arityProblem, FUNCTION_SIGNATURES, functionNamedLike, functionSignature } from "./functionSignatures";
import type { Token } from "./tokenizeExpression";
import { tokenizeExpression } from "./tokenizeExpression";

function describe(token: Token): string {
  switch (token.kind) {
    case "end":
      return "the end of the expression";
    case "attribute":
      return `[${token.value}]`;
    case "string":
      return `the string ${JSON.stringify(token.value)}`;
    case "number":
      return `the number ${token.value}`;
    case "identifier":
      return `"${token.value}"`;
    default:
      return `"${token.value}"`;
  }
}

class Parser {
  private i = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  private peek(): Token {
    // tokenizeExpression always ends with an "end" token, and the parser never moves past it.
    return this.tokens[this.i] ?? { kind: "end", value: "", start: this.text.length };
  }

  private fail(message: string, token: Token = this.peek()): never {
    throw new ExpressionSyntaxError(message, this.text, token.start);
  }

  parseAll(): ExpressionNode {
    if (this.peek().kind === "end") this.fail("The expression is empty.");
    const node = this.expression();
    const next = this.peek();
    if (next.kind !== "end") {
      const hint = next.kind === "operator" ? " Comparisons cannot be chained; use And() or Or()." : "";
      this.fail(`Unexpected ${describe(next)} after a complete expression.${hint}`, next);
    }
    return node;
  }

  private expression(): ExpressionNode {
    const left = this.operand();
    const next = this.peek();
    if (next.kind !== "operator") return left;
    this.i++;
    const right = this.operand();
    return { kind: "compare", operator: next.value as ComparisonOperator, left, right, start: left.start };
  }

  private operand(): OperandNode {
    const t = this.peek();
    switch (t.kind) {
      case "attribute":
        this.i++;
        return { kind: "attribute", name: t.value, start: t.start };
      case "string":
        this.i++;
        return { kind: "string", value: t.value, start: t.start };
      case "number":
        this.i++;
        return { kind: "number", text: t.value, start: t.start };
      case "identifier":
        return this.callOrKeyword();
      default:
        return this.fail(`Expected an attribute, a string, a number or a function call, but found ${describe(t)}.`);
    }
  }

  private callOrKeyword(): OperandNode {
    const name = this.peek();
    this.i++;
    if (this.peek().kind !== "(") {
      if (name.value === "True" || name.value === "False") {
        return { kind: "boolean", value: name.value === "True", start: name.start };
      }
      const known = functionSignature(name.value) !== undefined || functionNamedLike(name.value) !== undefined;
      this.fail(
        known
          ? `Expected "(" after the function name "${name.value}".`
          : `"${name.value}" is not a function call, an attribute ([name]) or a string ("text").`,
        known ? this.peek() : name,
      );
    }
    const signature = functionSignature(name.value);
    if (signature === undefined) {
      const like = functionNamedLike(name.value);
      this.fail(
        like !== undefined
          ? `Unknown function "${name.value}"; function names are case-sensitive: did you mean "${like.name}"?`
          : `Unknown function "${name.value}". Supported: ${FUNCTION_SIGNATURES.map((s) => s.name).join(", ")}.`,
        name,
      );
    }
    this.i++; // "("
    const args: (ExpressionNode | null)[] = [];
    if (this.peek().kind === ")") {
      this.i++;
    } else {
      for (;;) {
        const t = this.peek();
        args.push(t.kind === "," || t.kind === ")" ? null : this.expression());
        const sep = this.peek();
        if (sep.kind === ",") {
          this.i++;
          continue;
        }
        if (sep.kind === ")") {
          this.i++;
          break;
        }
        this.fail(
          sep.kind === "end"
            ? `The call to ${name.value} is not closed with ")".`
            : `Expected "," or ")" in the call to ${name.value}, but found ${describe(sep)}.`,
          sep,
        );
      }
    }
    const problem = arityProblem(signature, args.length);
    if (problem !== undefined) this.fail(problem, name);
    return { kind: "call", name: name.value, args, start: name.start };
  }
}

/**
 * Parses an Entra-style expression into a syntax tree. Grammar:
 *
 *     expression := operand [ ("=" | "<>" | ">" | ">=" | "<" | "<=") operand ]
 *     operand    := "[" attribute "]" | string | number | "True" | "False" | Name "(" [ arg { "," arg } ] ")"
 *     arg        := expression | (nothing: an empty argument, as in Replace([mail], "@contoso.com", , , "", , ))
 *
 * Function names are checked against the supported functions (case-sensitive, with a hint when only the case is
 * wrong) and their argument counts. Throws ExpressionSyntaxError with the 1-based line/column and a caret excerpt.
 */
export function parseExpression(text: string): ExpressionNode {
  return new Parser(text, tokenizeExpression(text)).parseAll();
}
