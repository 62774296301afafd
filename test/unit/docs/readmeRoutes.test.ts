import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { registeredFunctions } from "../../../shared/hosting/registerFunction";

const root = join(__dirname, "..", "..", "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

void test("the README's operator API table documents every HTTP function", async () => {
  const functionsDir = join(root, "dist", "functions");
  for (const f of readdirSync(functionsDir).filter((n) => n.endsWith(".js"))) await import(join(functionsDir, f));
  const http = registeredFunctions().filter((d) => d.kind === "http");
  assert.ok(http.length >= 8, "the HTTP functions were loaded");
  const rows = readme.split("\n").filter((l) => l.startsWith("| `"));
  const missing = http
    .map((d) => (d.kind === "http" ? `/api/${d.route.split("/{")[0] ?? d.route}` : ""))
    .filter((prefix) => !rows.some((r) => r.includes(prefix)));
  assert.deepEqual(missing, []);
});
