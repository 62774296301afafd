/** Changing the mapping re-evaluates every managed user on the next cycle (Entra's resync) but sends only real changes. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EngineHarness } from "../../support/EngineHarness";
import { waitFor } from "../../support/waitFor";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();

void describe("configuration change", () => {
  void it("runs a full round and updates exactly the users whose payload changed", async () => {
    const { connectionString } = await azurite.ready();
    const file = join(mkdtempSync(join(tmpdir(), "mapping-")), "mapping.yaml");
    const defaults = readFileSync(join(__dirname, "..", "..", "..", "..", "config", "mapping.default.yaml"), "utf8");
    writeFileSync(file, defaults);
    const h = await new EngineHarness({ connectionString, settings: { MAPPING_FILE: file } }).start();
    azurite.beforeStop(() => h.stop());
    const same = h.addUser("same@contoso.example", { jobTitle: "Sales", department: "Sales" });
    const diff = h.addUser("diff@contoso.example", { jobTitle: "Engineer", department: "R&D" });
    await h.runCycle();
    const incremental = await h.runCycle();
    assert.equal(incremental.full, false);

    // The admin edits the mapping file: title now comes from department instead of jobTitle.
    const before = h.ctx.mapping;
    const edited = defaults.replace(
      "target: title\n      source: { attribute: jobTitle }",
      "target: title\n      source: { attribute: department }",
    );
    assert.notEqual(edited, defaults);
    writeFileSync(file, edited);
    await waitFor(() => h.ctx.mapping !== before, {
      timeoutMs: 5_000,
      what: "the edited mapping file to be picked up",
    });
    h.slack.store.clearRequests();
    const r = await h.runCycle();
    assert.equal(r.full, true);
    assert.match(r.fullReason ?? "", /mapping/);
    assert.equal(r.counts.byAction.Update, 1);
    const writes = h.slack.store.requests().filter((x) => x.method !== "GET");
    assert.equal(writes.length, 1);
    assert.equal((await h.slackUserOf(diff))?.title, "R&D");
    assert.equal((await h.slackUserOf(same))?.title, "Sales");
    const after = await h.runCycle();
    assert.equal(after.full, false, "once applied, cycles are incremental again");
  });
});
