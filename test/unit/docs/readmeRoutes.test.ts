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
  // Each function's automation twin is documented once, by the `/api/automation/<route>` row.
  const routes = http.flatMap((d) => (d.kind === "http" && !d.route.startsWith("automation/") ? [d.route] : []));
  const missing = routes
    .map((route) => `/api/${route.split("/{")[0] ?? route}`)
    .filter((prefix) => !rows.some((r) => r.includes(prefix)));
  assert.deepEqual(missing, []);
  assert.ok(rows.some((r) => r.startsWith("| `/api/automation/<route>`")));
});
