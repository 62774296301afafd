import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { ExpressionNode } from "../../../shared/mapping/expressions/ExpressionAst";
import { COMPARISON_OPERATORS } from "../../../shared/mapping/expressions/ExpressionAst";
import { ExpressionSyntaxError } from "../../../shared/mapping/expressions/ExpressionSyntaxError";
import { compileExpression } from "../../../shared/mapping/expressions/compileExpression";
import { parseExpression } from "../../../shared/mapping/expressions/parseExpression";
import { printExpression } from "../../../shared/mapping/expressions/printExpression";
import { referencedAttributes } from "../../../shared/mapping/expressions/referencedAttributes";
import { ConfigurationError } from "../../../shared/errors";

/** The tree without source positions. */
function shape(node: ExpressionNode | null): unknown {
  if (node === null) return null;
  const { start: _s, ...rest } = node;
  if (node.kind === "call") return { ...rest, args: node.args.map(shape) };
  if (node.kind === "compare") return { ...rest, left: shape(node.left), right: shape(node.right) };
  return rest;
}

void describe("parseExpression: trees", () => {
  void it("parses empty arguments as null (Replace strip-domain example)", () => {
    const ast = parseExpression('Replace([mail], "@contoso.com", , ,"", ,)');
    assert.deepEqual(shape(ast), {
      kind: "call",
      name: "Replace",
      args: [
        { kind: "attribute", name: "mail" },
        { kind: "string", value: "@contoso.com" },
        null,
        null,
        { kind: "string", value: "" },
        null,
        null,
      ],
    });
  });

  void it("parses nested calls, numbers, booleans and comparisons, across lines", () => {
    const ast = parseExpression(
      'Switch([Active], ,\n  "1", IIF(DateDiff > 5, "False", True),\n  "0", -10)'.replace("DateDiff", "[days]"),
    );
    assert.deepEqual(shape(ast), {
      kind: "call",
      name: "Switch",
      args: [
        { kind: "attribute", name: "Active" },
        null,
        { kind: "string", value: "1" },
        {
          kind: "call",
          name: "IIF",
          args: [
            {
              kind: "compare",
              operator: ">",
              left: { kind: "attribute", name: "days" },
              right: { kind: "number", text: "5" },
            },
            { kind: "string", value: "False" },
            { kind: "boolean", value: true },
          ],
        },
        { kind: "string", value: "0" },
        { kind: "number", text: "-10" },
      ],
    });
  });

  void it("keeps large numbers exactly", () => {
    assert.deepEqual(shape(parseExpression("DateFromNum(129699324000000000)")), {
      kind: "call",
      name: "DateFromNum",
      args: [{ kind: "number", text: "129699324000000000" }],
    });
  });

  void it('unescapes \\" and \\\\ and keeps other backslashes', () => {
    assert.deepEqual(shape(parseExpression('"a\\"b\\\\c\\d"')), { kind: "string", value: 'a"b\\c\\d' });
  });

  void it("accepts zero-argument calls and a bare attribute", () => {
    assert.deepEqual(shape(parseExpression("Guid()")), { kind: "call", name: "Guid", args: [] });
    assert.deepEqual(shape(parseExpression(" [ mail ] ")), { kind: "attribute", name: "mail" });
  });

  void it("compileExpression caches by text", () => {
    const text = 'Append([givenName], "-cached")';
    assert.equal(compileExpression(text), compileExpression(text));
  });

  void it("referencedAttributes lists each attribute once, in order", () => {
    const ast = parseExpression(
      'IIF([Country]="USA", Join(" ", [givenName], [country]), Coalesce([mail], [givenName]))',
    );
    assert.deepEqual(referencedAttributes(ast), ["Country", "givenName", "mail"]);
  });
});

void describe("parseExpression: errors name the column (table)", () => {
  const cases: { text: string; column: number; line?: number; reason: RegExp }[] = [
    { text: "", column: 1, reason: /empty/ },
    {
      text: 'Append([mail] ".x")',
      column: 15,
      reason: /Expected "," or "\)" in the call to Append, but found the string ".x"/,
    },
    { text: 'Append([mail], ".x"', column: 20, reason: /not closed with "\)"/ },
    { text: 'Append([mail], ".x)', column: 16, reason: /string is not closed/ },
    { text: 'Append([mail, ".x")', column: 8, reason: /"mail, ".x"\)" is not an attribute name|not closed/ },
    { text: 'Append([], "x")', column: 8, reason: /attribute name between \[ and \] is empty/ },
    { text: "toLower([mail])", column: 1, reason: /case-sensitive: did you mean "ToLower"/ },
    { text: "Frobnicate([mail])", column: 1, reason: /Unknown function "Frobnicate"/ },
    {
      text: "Append([mail])",
      column: 1,
      reason: /Append takes 2 arguments \(Append\(source, suffix\)\), but 1 was given/,
    },
    { text: 'Switch([s], "d", "k")', column: 1, reason: /Switch takes at least 4 arguments/ },
    { text: 'Switch([s], "d", "k", "v", "k2")', column: 1, reason: /pairs/ },
    { text: "[a] = [b] = [c]", column: 11, reason: /cannot be chained/ },
    { text: "Append('a', 'b')", column: 8, reason: /Unexpected character "'". Strings use double quotes/ },
    { text: '[a] & "b"', column: 5, reason: /Use Join\(\) or Append\(\)/ },
    { text: "mail", column: 1, reason: /"mail" is not a function call/ },
    { text: "ToLower", column: 8, reason: /Expected "\(" after the function name "ToLower"/ },
    { text: 'Join(",",\n  [a],\n  [b] [c])', line: 3, column: 7, reason: /Expected "," or "\)"/ },
    { text: "Append(, )", column: 8, reason: /never|Expected|null/ },
  ];
  for (const c of cases) {
    void it(JSON.stringify(c.text), () => {
      let caught: unknown;
      try {
        parseExpression(c.text);
      } catch (e) {
        caught = e;
      }
      if (c.text === "Append(, )") {
        // Two empty arguments are syntactically fine; evaluation gives null. Not an error.
        assert.equal(caught, undefined);
        return;
      }
      assert.ok(caught instanceof ExpressionSyntaxError, `expected ExpressionSyntaxError, got ${String(caught)}`);
      assert.ok(caught instanceof ConfigurationError);
      assert.equal(caught.column, c.column, caught.message);
      assert.equal(caught.line, c.line ?? 1);
      assert.match(caught.reason, c.reason);
      const [lineText, caret] = caught.excerpt.split("\n");
      assert.equal(caret, `${" ".repeat(c.column - 1)}^`, caught.excerpt);
      assert.equal(lineText, c.text.split("\n")[(c.line ?? 1) - 1]);
      assert.match(caught.message, new RegExp(`column ${c.column}`));
    });
  }

  void it("rejects more than 10,000 characters", () => {
    const text = `Join(" ", ${Array.from({ length: 2000 }, () => '"abc"').join(", ")})`;
    assert.ok(text.length > 10_000);
    assert.throws(
      () => parseExpression(text),
      (e: unknown) => e instanceof ExpressionSyntaxError && e.column === 10_001 && /limit is 10000/.test(e.message),
    );
    const ok = `Join(" ", ${Array.from({ length: 1400 }, () => '"abc"').join(", ")})`;
    assert.ok(ok.length <= 10_000);
    parseExpression(ok);
  });

  void it("shortens long lines in the excerpt around the caret", () => {
    const text = `Join(" ", ${'"x", '.repeat(40)}[a] [b])`;
    try {
      parseExpression(text);
      assert.fail("should throw");
    } catch (e) {
      assert.ok(e instanceof ExpressionSyntaxError);
      const [lineText = "", caret = ""] = e.excerpt.split("\n");
      assert.ok(lineText.length <= 72);
      assert.equal(lineText.charAt(caret.length - 1), "[");
    }
  });
});

/** Random well-formed trees (respecting each function's argument count). */
const tree: fc.Arbitrary<ExpressionNode> = fc
  .letrec<{ node: ExpressionNode; operand: ExpressionNode }>((tie) => ({
    operand: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.record({
        kind: fc.constant("attribute" as const),
        name: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/),
        start: fc.constant(0),
      }),
      fc.record({ kind: fc.constant("string" as const), value: fc.string({ unit: "binary" }), start: fc.constant(0) }),
      fc.record({
        kind: fc.constant("number" as const),
        text: fc.stringMatching(/^-?\d{1,20}$/),
        start: fc.constant(0),
      }),
      fc.record({ kind: fc.constant("boolean" as const), value: fc.boolean(), start: fc.constant(0) }),
      fc
        .tuple(
          fc.constantFrom("Join", "Coalesce", "And"),
          fc.array(fc.option(tie("node"), { nil: null }), { minLength: 2, maxLength: 4 }),
        )
        .map(([name, args]) => ({ kind: "call" as const, name, args, start: 0 })),
      fc
        .tuple(tie("node"), tie("node"))
        .map(([a, b]) => ({ kind: "call" as const, name: "Append", args: [a, b], start: 0 })),
      fc.array(fc.option(tie("node"), { nil: null }), { minLength: 7, maxLength: 7 }).map((args) => ({
        kind: "call" as const,
        name: "Replace",
        args,
        start: 0,
      })),
      fc.constant<ExpressionNode>({ kind: "call", name: "Guid", args: [], start: 0 }),
    ),
    node: fc.oneof(
      { depthSize: "small" },
      tie("operand"),
      fc
        .tuple(tie("operand"), fc.constantFrom(...COMPARISON_OPERATORS), tie("operand"))
        .map(
          ([left, operator, right]) =>
            ({ kind: "compare" as const, operator, left, right, start: 0 }) as ExpressionNode,
        ),
    ),
  }))
  .node.filter((n) => printExpression(n).length <= 10_000);

void describe("parseExpression properties", () => {
  void it("parse(print(ast)) gives back the same tree", () => {
    fc.assert(
      fc.property(tree, (ast) => {
        assert.deepEqual(shape(parseExpression(printExpression(ast))), shape(ast));
      }),
      { numRuns: 300 },
    );
  });

  void it("any input either parses or throws ExpressionSyntaxError with a column inside the text", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'[]()",\\ =<>aA1-_.\n'), maxLength: 40 }), (text) => {
        try {
          parseExpression(text);
        } catch (e) {
          assert.ok(e instanceof ExpressionSyntaxError, String(e));
          assert.ok(e.offset >= 0 && e.offset <= text.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
