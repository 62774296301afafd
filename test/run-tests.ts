/**
 * Runs the test suites with Node's built-in test runner over the compiled tests in dist/test.
 * Usage: node dist/test/run-tests.js [unit|integration|e2e ...]   (default: all three, in that order)
 */
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const suites = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["unit", "integration", "e2e"];

function testFiles(dir: string): string[] {
  let out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries.sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out = out.concat(testFiles(p));
    else if (name.endsWith(".test.js")) out.push(p);
  }
  return out;
}

const files = suites.flatMap((s) => testFiles(join(__dirname, s)));
if (files.length === 0) {
  console.error(`No test files found for suites: ${suites.join(", ")}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ["--test", "--test-reporter=spec", `--test-concurrency=${process.env.TEST_CONCURRENCY ?? "2"}`, ...files],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
