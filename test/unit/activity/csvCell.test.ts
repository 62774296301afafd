import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { csvCell, csvLine } from "../../../shared/activity/csvCell";
import { parseCsv } from "../../support/parseCsv";

void describe("csvCell", () => {
  const cases: [string, string][] = [
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\r\nlf", '"cr\r\nlf"'],
    ["=1+2", "'=1+2"],
    ["+41 44 000 00 00", "'+41 44 000 00 00"],
    ["-5", "'-5"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["\rx", '"\'\rx"'],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ["a=b", "a=b"],
  ];
  for (const [input, want] of cases) {
    void it(`encodes ${JSON.stringify(input)}`, () => assert.equal(csvCell(input), want));
  }

  void it("round-trips any rows through an RFC 4180 parser; only formula starts gain an apostrophe", () => {
    const cell = fc.string({
      unit: fc.constantFrom("a", "Z", " ", ",", '"', "\r", "\n", "=", "+", "-", "@", "\t", "é", "💡"),
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const text = rows.map(csvLine).join("");
        const parsed = parseCsv(text);
        const expected = rows.map((r) => r.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
        assert.deepEqual(parsed, expected);
        for (const r of parsed) for (const c of r) assert.equal(/^[=+\-@\t\r]/.test(c), false, c);
      }),
      { numRuns: 500 },
    );
  });
});
