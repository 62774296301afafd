/**
 * The mapping file's reference (config/mapping.default.yaml comments) and the README list every expression function
 * the evaluator implements, and every example in the file's reference parses.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { FUNCTION_SIGNATURES } from "../../../shared/mapping/expressions/functionSignatures";
import { parseExpression } from "../../../shared/mapping/expressions/parseExpression";

const root = join(__dirname, "..", "..", "..", "..");
const config = readFileSync(join(root, "config", "mapping.default.yaml"), "utf8");
const readme = readFileSync(join(root, "README.md"), "utf8");
/** Our own functions (Entra has no And/Or): documented with IIF. */
const OURS = new Set(["And", "Or"]);

function parses(text: string): boolean {
  try {
    parseExpression(text);
    return true;
  } catch {
    return false;
  }
}

/** The example expressions of the file's reference: comment lines "#   Name(…) → result". */
function examples(): string[] {
  const names = FUNCTION_SIGNATURES.map((s) => s.name).join("|");
  const line = new RegExp(`^#   ((?:${names})\\(.*?)(?:\\s+→.*)?$`);
  return config
    .split("\n")
    .flatMap((l) => {
      const m = line.exec(l);
      return m?.[1] ? [m[1].trim()] : [];
    })
    .flatMap((text) => (parses(text) ? [text] : text.split(/(?<=\)), (?=[A-Z][A-Za-z]+\()/)));
}

void test("the mapping file's reference has an example of every function, and every example parses", () => {
  const listed = examples();
  const missing = FUNCTION_SIGNATURES.map((s) => s.name).filter(
    (n) => !OURS.has(n) && !listed.some((e) => e.startsWith(`${n}(`)),
  );
  assert.deepEqual(missing, []);
  for (const e of listed) assert.doesNotThrow(() => parseExpression(e), e);
  assert.ok(listed.length >= FUNCTION_SIGNATURES.length - OURS.size);
});

void test("the README names every function", () => {
  const missing = FUNCTION_SIGNATURES.map((s) => s.name).filter((n) => !new RegExp(`\\b${n}\\b`).test(readme));
  assert.deepEqual(missing, []);
});
