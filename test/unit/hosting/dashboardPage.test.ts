/**
 * The dashboard page: the drift scan's line and button are there, every value the page shows goes into a text node
 * (no HTML is ever built from API answers), and its CSP allows exactly its own script and style.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import type { HttpRequest } from "@azure/functions";
import { dashboard, DASHBOARD_CSP } from "../../../functions/dashboard";

void describe("dashboard page", () => {
  void it("shows the drift scan and writes values as text only", async () => {
    const answer = await dashboard({} as HttpRequest);
    assert.equal(typeof answer.body, "string");
    const page = answer.body as string;
    assert.match(page, /id="drift"/);
    assert.match(page, /id="driftScan"/);
    assert.match(page, /act\("drift\/scan"\)/);
    for (const sink of ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("]) {
      assert.ok(!page.includes(sink), `the page never uses ${sink}`);
    }
    const script = /<script>([\s\S]*)<\/script>/.exec(page)?.[1] ?? "";
    const hash = `'sha256-${createHash("sha256").update(script, "utf8").digest("base64")}'`;
    assert.ok(DASHBOARD_CSP.includes(`script-src ${hash}`), "the CSP names the page's own script");
  });
});
