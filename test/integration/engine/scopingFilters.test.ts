/** Scoping filters from the mapping file: out-of-scope users are not created; a user who stops matching is deactivated. */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { EngineHarness } from "../../support/EngineHarness";
import { withAzurite } from "../../support/withAzurite";

const azurite = withAzurite();
const root = join(__dirname, "..", "..", "..", "..");

void describe("scoping filters", () => {
  void it("deactivates a user who stops matching, naming the failing clause", async () => {
    const { connectionString } = await azurite.ready();
    const defaults = readFileSync(join(root, "config", "mapping.default.yaml"), "utf8");
    const file = join(mkdtempSync(join(tmpdir(), "scoping-")), "mapping.yaml");
    writeFileSync(
      file,
      defaults.replace(
        "users:\n  attributes:",
        "users:\n  scopingFilters:\n    - name: Sales only\n      clauses:\n        - { attribute: department, operator: EQUALS, value: Sales }\n  attributes:",
      ),
    );
    const h = await new EngineHarness({ connectionString, settings: { MAPPING_FILE: file } }).start();
    azurite.beforeStop(() => h.stop());
    assert.equal(h.ctx.mapping.scopingFilters?.length, 1);
    const seller = h.addUser("seller@contoso.example", { department: "Sales" });
    const engineer = h.addUser("engineer@contoso.example", { department: "R&D" });
    const first = await h.runCycle();
    assert.equal(first.counts.byAction.Create, 1);
    assert.equal(await h.slackUserOf(engineer), undefined, "out of scope: never created");
    const skipped = (await h.ctx.activity.byObject(h.ctx.jobId, engineer))[0];
    assert.match(skipped?.reason ?? "", /Sales only: department EQUALS "Sales" is false \(the value is "R&D"\)/);

    h.graph.directory.updateUser(seller, { department: "Marketing" });
    await h.runCycle();
    assert.equal((await h.slackUserOf(seller))?.active, false);
    const disabled = (await h.ctx.activity.byObject(h.ctx.jobId, seller))[0];
    assert.equal(disabled?.action, "Disable");
    assert.match(disabled?.reason ?? "", /scoping filter Sales only: department EQUALS "Sales".*"Marketing"/);
  });
});
